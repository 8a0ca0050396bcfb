import type { DesiredRecord } from '../desired/desired-record.js';
import { foldText } from '../normalise/text.js';
import type { SaCluster } from '../types.js';
import { byId } from './existing-index.js';
import type { ExistingRecord } from './existing-index.js';

/**
 * Adopts existing clusters for desired ones (DESIGN.md): by external_code (case-insensitive; one under the
 * desired parent first), else by name (case-insensitive, trimmed) under the same parent. A cluster is adopted
 * once at most. The root is looked for among top-level clusters only, the others below the top.
 */
export class ClusterAdoption {
  private readonly byCode = new Map<string, SaCluster[]>();
  private readonly byParentAndName = new Map<string, SaCluster[]>();
  private readonly claimed = new Set<number>();

  constructor(clusters: readonly SaCluster[]) {
    for (const cluster of [...clusters].sort(byId)) {
      const code = foldText(cluster.external_code);
      if (code !== null) push(this.byCode, code, cluster);
      const name = foldText(cluster.name);
      if (name !== null) push(this.byParentAndName, `${cluster.parent_cluster_id ?? 'top'}|${name}`, cluster);
    }
  }

  /** The existing cluster for a desired one whose parent id (null for the root) is given when known. */
  adopt(record: DesiredRecord, parentId: number | null | undefined): ExistingRecord<SaCluster> | undefined {
    const topLevel = parentId === null;
    const fits = (cluster: SaCluster): boolean =>
      !this.claimed.has(cluster.id) && (cluster.parent_cluster_id === null) === topLevel;
    const code = foldText(record.payload.external_code);
    const byCode = code === null ? [] : (this.byCode.get(code) ?? []).filter(fits);
    let chosen = byCode.find((cluster) => cluster.parent_cluster_id === parentId) ?? byCode[0];
    if (chosen === undefined && parentId !== undefined) {
      const name = foldText(record.payload.name);
      chosen = (this.byParentAndName.get(`${parentId ?? 'top'}|${name}`) ?? []).find(fits);
    }
    if (chosen === undefined) return undefined;
    this.claimed.add(chosen.id);
    return { id: chosen.id, record: chosen };
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
