import type { SaCluster } from '../domain/types.js';
import { SafetyAmpProtocolError } from './errors.js';
import { dataList } from './listing-page.js';
import { parseRecord } from './record-schemas.js';
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

/**
 * Reads the `GET /api/site_clusters` answer: every node checked (record-schemas.ts), then flattened as
 * `flattenClusterTree` does. A node without a usable id, children that are not a list, or a cluster that appears
 * twice end in SafetyAmpProtocolError.
 */
export function parseClusterTree(body: unknown, endpoint: string): SaCluster[] {
  const seen = new Set<number>();
  const check = (raw: unknown, where: string): SaClusterNode => {
    const { children, ...cluster } = parseRecord('site_clusters', raw, endpoint, where) as SaCluster & {
      children?: unknown;
    };
    if (seen.has(cluster.id))
      throw new SafetyAmpProtocolError(endpoint, `${where}: cluster ${cluster.id} appears twice`);
    seen.add(cluster.id);
    if (children === undefined || children === null) return cluster;
    if (!Array.isArray(children))
      throw new SafetyAmpProtocolError(endpoint, `${where}: children is not a list`);
    return { ...cluster, children: children.map((child, i) => check(child, `${where} › child ${i + 1}`)) };
  };
  const roots = dataList(body, endpoint, 'tree').map((root, i) => check(root, `cluster ${i + 1}`));
  return flattenClusterTree(roots);
}
