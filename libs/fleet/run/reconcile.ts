import { findDrift, type DriftFinding } from '../../domain/diff/find-drift.js';
import { ENTITY_TYPES, type SafetyAmpSnapshot } from '../../domain/types.js';
import type { DriftLog } from '../../state/drift-log.js';
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

/** Where a reconcile puts the drift it found, as part of the run `runId`. */
export interface DriftRecording {
  runId: string;
  log: DriftLog;
}

/**
 * Rebuilds the mirror from full listings. Listings are read one after the other (they share one rate budget
 * anyway) and the mirror is replaced only when every listing is complete: a failed listing leaves the old
 * mirror in place rather than a truncated one (the original's silent truncation created duplicates). With
 * `drift`, it first compares the listings with what the mirror held for the records the fleet wrote, and records
 * what was changed in SafetyAmp outside the fleet (the next plan corrects it).
 */
export async function reconcileMirror(
  client: SafetyAmpListings,
  mirror: Mirror,
  now: () => Date,
  drift?: DriftRecording,
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
  if (drift && !(await mirror.isEmpty())) {
    const findings = await driftOf(mirror, snapshot);
    await drift.log.record(drift.runId, now(), findings);
  }
  await mirror.replaceAll(snapshot, now());
  return snapshot;
}

async function driftOf(mirror: Mirror, listed: SafetyAmpSnapshot): Promise<DriftFinding[]> {
  const known = await mirror.snapshot();
  const perType = await Promise.all(
    ENTITY_TYPES.map(async (type) =>
      findDrift(type, known[type], listed[type], await mirror.writtenKeysById(type)),
    ),
  );
  return perType.flat();
}
