import { DEFAULT_PLAN_SETTINGS } from './settings.js';
import type { PlanSettings } from './settings.js';
import { foldText, normaliseText } from './normalise/text.js';
import type { EntityType, SaAsset, SaCluster, SaSite, SaTitle, SaUser } from './types.js';

/** Fleet key of the company root cluster. */
export const ROOT_CLUSTER_KEY = 'root';

/** Fleet key of a region cluster: `region:<lower-cased trimmed region>`. */
export function regionKey(region: string): string {
  return `region:${region.trim().toLowerCase()}`;
}

/** Fleet key of a department cluster: `dept:<trimmed PRDept>`. */
export function departmentKey(department: string): string {
  return `dept:${department.trim()}`;
}

/** Fleet key of a title: its lower-cased trimmed name. */
export function titleKey(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * An employee number in key form: a Vista Employee (int) as a string without leading zeros; null when it is
 * not a whole number (such a Vista row is invalid; such a SafetyAmp emp_id was never written by the fleet).
 */
export function employeeKey(value: unknown): string | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? String(n) : null;
}

interface SaRecordOf {
  clusters: SaCluster;
  sites: SaSite;
  titles: SaTitle;
  users: SaUser;
  assets: SaAsset;
}

/**
 * The fleet key of an existing SafetyAmp record when it can be derived from the record alone; null means the
 * record is not the fleet's (or cannot be told from the record). Users → emp_id (whole numbers only: an
 * administrator or contractor with another emp_id is never touched); sites → external_code; titles → lower-cased
 * trimmed name; assets → serial; clusters → `root` for a top-level cluster carrying the configured root code or
 * name, else by `depth` (1 → `region:<external_code>`, 2 → `dept:<external_code>`; null when depth is absent).
 */
export function entityKeyOf<T extends EntityType>(
  type: T,
  record: SaRecordOf[T],
  settings: Pick<PlanSettings, 'rootClusterName' | 'rootClusterCode'> = DEFAULT_PLAN_SETTINGS,
): string | null {
  switch (type) {
    case 'users':
      return employeeKey((record as SaUser).emp_id);
    case 'sites':
      return normaliseText((record as SaSite).external_code);
    case 'titles':
      return foldText((record as SaTitle).name);
    case 'assets':
      return normaliseText((record as SaAsset).serial);
    case 'clusters':
      return clusterKeyOf(record as SaCluster, settings);
    default:
      return null;
  }
}

function clusterKeyOf(
  cluster: SaCluster,
  settings: Pick<PlanSettings, 'rootClusterName' | 'rootClusterCode'>,
): string | null {
  const code = normaliseText(cluster.external_code);
  if (cluster.parent_cluster_id === null || cluster.parent_cluster_id === undefined) {
    const isRoot =
      (code !== null && code.toLowerCase() === settings.rootClusterCode.trim().toLowerCase()) ||
      foldText(cluster.name) === settings.rootClusterName.trim().toLowerCase();
    return isRoot ? ROOT_CLUSTER_KEY : null;
  }
  if (code === null) return null;
  if (cluster.depth === 1) return regionKey(code);
  if (cluster.depth === 2) return departmentKey(code);
  return null;
}
