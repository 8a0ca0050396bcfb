import type { SaCluster } from '../domain/types.js';
import type { SaClusterNode } from './types.js';

/** Flattens the `GET /api/site_clusters` tree depth-first; every cluster keeps (or gets) its parent's id. */
export function flattenClusterTree(roots: SaClusterNode[]): SaCluster[] {
  const flat: SaCluster[] = [];
  const visit = (node: SaClusterNode, parentId: number | null, depth: number): void => {
    const { children, ...cluster } = node;
    flat.push({
      ...cluster,
      parent_cluster_id: cluster.parent_cluster_id ?? parentId,
      depth: cluster.depth ?? depth,
    });
    for (const child of children ?? []) visit(child, node.id, depth + 1);
  };
  for (const root of roots) visit(root, null, 0);
  return flat;
}
