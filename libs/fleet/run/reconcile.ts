import type { SafetyAmpSnapshot } from '../../domain/types.js';
import type { Mirror } from '../../state/mirror.js';

/** The listings a reconcile needs (implemented by SafetyAmpClient). */
export interface SafetyAmpListings {
  listClusters(): Promise<SafetyAmpSnapshot['clusters']>;
  listSites(): Promise<SafetyAmpSnapshot['sites']>;
  listTitles(): Promise<SafetyAmpSnapshot['titles']>;
  listUsers(): Promise<SafetyAmpSnapshot['users']>;
  listAssets(): Promise<SafetyAmpSnapshot['assets']>;
  listRoles(): Promise<SafetyAmpSnapshot['roles']>;
  listAssetTypes(): Promise<SafetyAmpSnapshot['assetTypes']>;
}

/**
 * Rebuilds the mirror from full listings. Listings are read one after the other (they share one rate budget
 * anyway) and the mirror is replaced only when every listing is complete: a failed listing leaves the old
 * mirror in place rather than a truncated one (the original's silent truncation created duplicates).
 */
export async function reconcileMirror(
  client: SafetyAmpListings,
  mirror: Mirror,
  now: () => Date,
): Promise<SafetyAmpSnapshot> {
  const snapshot: SafetyAmpSnapshot = {
    clusters: await client.listClusters(),
    sites: await client.listSites(),
    titles: await client.listTitles(),
    users: await client.listUsers(),
    assets: await client.listAssets(),
    roles: await client.listRoles(),
    assetTypes: await client.listAssetTypes(),
  };
  await mirror.replaceAll(snapshot, now());
  return snapshot;
}
