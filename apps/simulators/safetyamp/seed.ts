import { readFile } from 'node:fs/promises';
import type {
  SaAsset,
  SaAssetType,
  SaCluster,
  SaRole,
  SaSite,
  SaTitle,
  SaUser,
} from '../../../libs/domain/types.js';

/** A record as SafetyAmp holds it: the known fields plus whatever else a data set carries. */
export type SeedRecord<T> = T & Record<string, unknown>;

/**
 * The data a simulator starts from (and `POST /__sim/reset` returns to): flat records with ids, as the API
 * returns them. Clusters point at their parent with `parent_cluster_id`; a nested `children` tree is accepted too.
 */
export interface SafetyAmpSeed {
  site_clusters?: SeedRecord<SaCluster>[];
  sites?: SeedRecord<SaSite>[];
  user_titles?: SeedRecord<SaTitle>[];
  users?: SeedRecord<SaUser>[];
  roles?: SeedRecord<SaRole>[];
  asset_types?: SeedRecord<SaAssetType>[];
  assets?: SeedRecord<SaAsset>[];
}

/** The seven collections the simulator serves, by their API path segment. */
export const COLLECTIONS = [
  'site_clusters',
  'sites',
  'user_titles',
  'users',
  'roles',
  'asset_types',
  'assets',
] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

/** Reads a seed file (`--data FILE`); unknown top-level keys are refused so that a typo does not go unnoticed. */
export async function loadSeedFile(path: string): Promise<SafetyAmpSeed> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${path}: a SafetyAmp data file is a JSON object of collections`);
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (!(COLLECTIONS as readonly string[]).includes(key)) {
      throw new Error(`${path}: unknown collection "${key}" (expected ${COLLECTIONS.join(', ')})`);
    }
    if (!Array.isArray(value)) throw new Error(`${path}: "${key}" must be an array of records`);
  }
  return parsed as SafetyAmpSeed;
}
