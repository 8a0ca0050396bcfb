import type { SaAsset, SaCluster, SaSite, SaUser } from '../domain/types.js';

/** One HTTP call to SafetyAmp. `endpoint` is the path template used in metrics: `/api/users/:id`. */
export interface ApiCall {
  method: 'GET' | 'POST' | 'PATCH';
  /** Path and query, e.g. `/api/users?page=2&limit=100`. */
  path: string;
  endpoint: string;
  body?: unknown;
}

/** A cluster as `GET /api/site_clusters` returns it: a tree. */
export interface SaClusterNode extends SaCluster {
  children?: SaClusterNode[];
}

export type BreakerState = 'closed' | 'half-open' | 'open';

/** Fields of a PATCH: any subset. */
export type SaClusterPatch = Partial<Omit<SaCluster, 'id' | 'depth'>>;
export type SaSitePatch = Partial<Omit<SaSite, 'id'>>;
export type SaUserPatch = Partial<Omit<SaUser, 'id'>>;
export type SaAssetPatch = Partial<Omit<SaAsset, 'id'>>;

/** Bodies of a POST, with the fields that identify the record when its answer is lost. */
export type SaClusterCreate = SaClusterPatch & { name: string };
export type SaSiteCreate = SaSitePatch & { name: string };
export type SaTitleCreate = { name: string };
export type SaUserCreate = SaUserPatch & { emp_id: string };
export type SaAssetCreate = SaAssetPatch & { name: string; serial: string };
