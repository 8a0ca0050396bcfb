import { desiredDepartmentClusters, desiredRegionClusters, desiredRootCluster } from '../desired/clusters.js';
import type { DesiredRecord } from '../desired/desired-record.js';
import { resolveReference } from '../desired/references.js';
import type { ReferenceIndex, References } from '../desired/references.js';
import { departmentKey, ROOT_CLUSTER_KEY } from '../keys.js';
import type { PlanSettings } from '../settings.js';
import type { InvalidRecord, SaCluster, VistaDepartmentRow } from '../types.js';
import { markDuplicateKeys } from '../validation/duplicates.js';
import { ClusterAdoption } from './cluster-adoption.js';
import { decideRecords } from './decide-records.js';
import { addOutcomes, mergeDraftPlans, newDraftPlan } from './draft-plan.js';
import type { DraftPlan } from './draft-plan.js';
import type { ExistingRecord } from './existing-index.js';
import { plannedCreateKeys } from './plan-scope.js';
import type { ResolvedScope } from './plan-scope.js';
import { valueInReason } from '../desired/value-in-reason.js';

export interface ClusterPlan {
  draft: DraftPlan;
  refs: ReferenceIndex;
  /** Id of the existing region cluster a Vista department hangs under, when known. */
  regionIdOf: (department: string) => number | undefined;
}

/**
 * Clusters level by level (root → regions → departments), each level adopting under the ids the level above
 * resolved. Clusters are never deactivated: the API has no field for it. A re-parented department gets a
 * PATCH of parent_cluster_id alone (the original's PUT also renamed it "Site_nown").
 */
export function planClusters(
  departments: readonly VistaDepartmentRow[],
  clusters: readonly SaCluster[],
  settings: PlanSettings,
  scope: ResolvedScope,
): ClusterPlan {
  const adoption = new ClusterAdoption(clusters);
  const existing = new Map<string, number | string>();
  const planned = new Set<string>();
  const refs: References = { clusters: { existing, planned } };
  const level = (
    records: DesiredRecord[],
    keyless: InvalidRecord[],
    adopt: (record: DesiredRecord) => ExistingRecord | undefined,
  ): DraftPlan => {
    const draft = newDraftPlan('clusters');
    addOutcomes(draft, decideRecords(records, adopt), keyless);
    for (const [key, id] of draft.keyIndex) existing.set(key, id);
    for (const key of plannedCreateKeys(draft, scope)) planned.add(key);
    return draft;
  };

  const root = level([desiredRootCluster(settings)], [], (record) => adoption.adopt(record, null));
  const regionRecords = desiredRegionClusters(
    departments,
    resolveReference(refs, 'clusters', ROOT_CLUSTER_KEY),
  );
  const regions = level(regionRecords, [], (record) => adoption.adopt(record, parentIdOf(record)));

  const depts = desiredDepartmentClusters(departments, (key) => resolveReference(refs, 'clusters', key));
  markDuplicateKeys(
    depts.records,
    'external_code',
    (record) => `department ${valueInReason(String(record.payload.external_code))}`,
  );
  const adopted = new Map<string, SaCluster>();
  const departmentLevel = level(depts.records, depts.keyless, (record) => {
    const found = adoption.adopt(record, parentIdOf(record));
    if (found !== undefined) adopted.set(record.key, found.record);
    return found;
  });
  const desiredRegionId = new Map<string, number | undefined>();
  for (const record of depts.records) {
    if (record.problems.length === 0) desiredRegionId.set(record.key, parentIdOf(record));
  }

  return {
    draft: mergeDraftPlans('clusters', [root, regions, departmentLevel]),
    refs: { existing, planned },
    regionIdOf: (department) => {
      const key = departmentKey(department);
      if (desiredRegionId.has(key)) return desiredRegionId.get(key);
      return adopted.get(key)?.parent_cluster_id ?? undefined;
    },
  };
}

function parentIdOf(record: DesiredRecord): number | undefined {
  const parent = record.payload.parent_cluster_id;
  return typeof parent === 'number' ? parent : undefined;
}
