import type { SafetyAmpSeed } from '../../apps/simulators/safetyamp/server.js';
import type { SafetyAmpSnapshot } from '../../libs/domain/types.js';

/** The simulator's flat collections as the domain's snapshot (what full listings would give). */
export function snapshotOf(state: SafetyAmpSeed): SafetyAmpSnapshot {
  const list = <T>(records: unknown[] | undefined): T[] => (records ?? []) as T[];
  return {
    clusters: list(state.site_clusters),
    sites: list(state.sites),
    titles: list(state.user_titles),
    users: list(state.users),
    assets: list(state.assets),
    roles: list(state.roles),
    assetTypes: list(state.asset_types),
  };
}
