import { departmentKey, regionKey, ROOT_CLUSTER_KEY } from '../keys.js';
import { normaliseText } from '../normalise/text.js';
import type { PlanSettings } from '../settings.js';
import type { EntityRef, InvalidRecord, VistaDepartmentRow } from '../types.js';
import { newDesiredRecord, rowKey } from './desired-record.js';
import type { DesiredRecord } from './desired-record.js';
import { SpellingTally } from './preferred-spelling.js';
import { valueInReason } from './value-in-reason.js';

type ParentRef = number | string | EntityRef | undefined;

/**
 * The company root cluster (domain.md §4.1: `ensure("I&I", null, "I&I")`). Its code is sent on create only:
 * the real root carries none and is adopted by name, and the original never touched it either.
 */
export function desiredRootCluster(settings: PlanSettings): DesiredRecord {
  const root = newDesiredRecord('clusters', ROOT_CLUSTER_KEY, {
    name: settings.rootClusterName.trim(),
    external_code: settings.rootClusterCode.trim(),
    parent_cluster_id: null,
    osha_establishment: 0,
  });
  root.createOnly = ['external_code'];
  return root;
}

/** One region cluster per distinct udRegion (case-insensitive), under the root; its code is its name. */
export function desiredRegionClusters(
  departments: readonly VistaDepartmentRow[],
  root: ParentRef,
): DesiredRecord[] {
  const tally = new SpellingTally();
  for (const row of departments) {
    const region = normaliseText(row.udRegion);
    if (region !== null) tally.add(regionKey(region), region);
  }
  return [...tally.preferred()].map(([key, name]) => {
    const record = newDesiredRecord('clusters', key, { name, external_code: name, osha_establishment: 0 });
    setParent(record, root, 'the root cluster');
    return record;
  });
}

/**
 * One department cluster per bPRDP row, named `<PRDept> - <Description>`, under its region. A row without a
 * region or a description is invalid (the original skipped it silently, and its jobs then vanished).
 */
export function desiredDepartmentClusters(
  departments: readonly VistaDepartmentRow[],
  regionOf: (regionKey: string) => ParentRef,
): { records: DesiredRecord[]; keyless: InvalidRecord[] } {
  const records: DesiredRecord[] = [];
  const keyless: InvalidRecord[] = [];
  departments.forEach((row, index) => {
    const code = normaliseText(row.PRDept);
    if (code === null) {
      keyless.push({
        type: 'clusters',
        key: rowKey(index),
        field: 'PRDept',
        reason: 'department code is missing',
      });
      return;
    }
    const description = normaliseText(row.Description);
    const region = normaliseText(row.udRegion);
    const record = newDesiredRecord('clusters', departmentKey(code), {
      name: description === null ? code : `${code} - ${description}`,
      external_code: code,
      osha_establishment: 0,
    });
    if (description === null)
      record.problems.push({ field: 'name', reason: 'department has no description' });
    if (region === null)
      record.problems.push({ field: 'parent_cluster_id', reason: 'department has no region' });
    else setParent(record, regionOf(regionKey(region)), `region "${valueInReason(region)}"`);
    records.push(record);
  });
  return { records, keyless };
}

function setParent(record: DesiredRecord, parent: ParentRef, what: string): void {
  if (parent === undefined) {
    record.problems.push({
      field: 'parent_cluster_id',
      reason: `${what} is not in SafetyAmp and is not created by this run`,
    });
  } else {
    record.payload.parent_cluster_id = parent;
  }
}
