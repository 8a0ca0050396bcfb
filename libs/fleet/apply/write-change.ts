import type { PlannedChange } from '../../domain/types.js';
import { permanentFailure } from '../../queue/failure-reasons.js';
import type { SafetyAmpClient } from '../../safetyamp/index.js';

/** A record as SafetyAmp answered a write. */
export type WrittenRecord = { id: number | string } & Record<string, unknown>;

/** The calls a change is made with (implemented by SafetyAmpClient). */
export type SafetyAmpWrites = Pick<
  SafetyAmpClient,
  | 'createClusterOnce'
  | 'createSiteOnce'
  | 'createTitleOnce'
  | 'createUserOnce'
  | 'createAssetOnce'
  | 'updateCluster'
  | 'updateSite'
  | 'updateUser'
  | 'updateAsset'
>;

/**
 * Makes one planned change in SafetyAmp with `body` (the payload with its references resolved). A create never
 * duplicates: after a lost answer, or when `lookupFirst` says an earlier attempt may have landed, it looks the
 * record up by its key before it sends anything again.
 */
export async function writeChange(
  client: SafetyAmpWrites,
  change: PlannedChange,
  body: Record<string, unknown>,
  lookupFirst: boolean,
): Promise<WrittenRecord> {
  const once = { lookupFirst };
  // The domain validated every payload against its type's schema before it was planned.
  const as = <T>(value: unknown): T => value as T;
  if (change.action === 'create') {
    switch (change.type) {
      case 'clusters':
        return as(await client.createClusterOnce(as(body), once));
      case 'sites':
        return as(await client.createSiteOnce(as(body), once));
      case 'titles':
        return as(await client.createTitleOnce(as(body), once));
      case 'users':
        return as(await client.createUserOnce(as(body), once));
      case 'assets':
        return as(await client.createAssetOnce(as(body), once));
    }
  }
  const id = change.id;
  if (id === undefined) throw permanentFailure('missing', `${change.action} without a SafetyAmp id`);
  switch (change.type) {
    case 'clusters':
      return as(await client.updateCluster(Number(id), as(body)));
    case 'sites':
      return as(await client.updateSite(Number(id), as(body)));
    case 'titles':
      throw permanentFailure('missing', 'titles are never updated');
    case 'users':
      return as(await client.updateUser(String(id), as(body)));
    case 'assets':
      return as(await client.updateAsset(Number(id), as(body)));
  }
}
