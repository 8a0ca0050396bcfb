import { employeeKey } from '../keys.js';
import { normaliseFlag } from '../normalise/flag.js';
import { normaliseText } from '../normalise/text.js';
import type { PlanSettings } from '../settings.js';
import type { EntityType, PlanBlock, PlannedChange, SafetyAmpSnapshot, SourceSnapshot } from '../types.js';
import type { ResolvedScope } from './plan-scope.js';

/**
 * Why a plan must not act: a source that returned nothing for a type SafetyAmp holds records of (a half-broken
 * query), or more deactivations than the configured share of the fleet's active users. A plan scoped to keys
 * (a manual retry) is never blocked.
 */
export function massChangeBlocks(
  source: SourceSnapshot,
  current: SafetyAmpSnapshot,
  userChanges: readonly PlannedChange[],
  settings: PlanSettings,
  scope: ResolvedScope,
): PlanBlock[] {
  if (scope.keyed) return [];
  const blocks: PlanBlock[] = [];
  const emptySource = (
    type: EntityType,
    returned: number,
    held: number,
    what: string,
    whatHeld: string,
  ): boolean => {
    if (!scope.includesType(type) || returned > 0 || held === 0) return false;
    blocks.push({
      type,
      reason: `the source returned no ${what} while SafetyAmp holds ${held} ${whatHeld}; refusing to act on an empty source`,
    });
    return true;
  };
  emptySource(
    'clusters',
    source.departments.length,
    current.clusters.filter((c) => c.parent_cluster_id !== null && normaliseText(c.external_code) !== null)
      .length,
    'departments',
    'clusters with an external code',
  );
  emptySource(
    'sites',
    source.jobs.length,
    current.sites.filter((site) => normaliseText(site.external_code) !== null).length,
    'open jobs',
    'sites with an external code',
  );
  emptySource(
    'assets',
    source.vehicles.length,
    current.assets.filter((asset) => normaliseText(asset.serial) !== null).length,
    'vehicles',
    'assets with a serial',
  );
  const fleetUsers = current.users.filter((user) => employeeKey(user.emp_id) !== null);
  const usersBlocked = emptySource(
    'users',
    source.employees.length,
    fleetUsers.length,
    'active employees',
    'users with an employee number',
  );
  if (!usersBlocked && scope.includesType('users')) {
    const deactivations = userChanges.filter((change) => change.action === 'deactivate').length;
    const active = fleetUsers.filter((user) => normaliseFlag(user.system_access)).length;
    if (deactivations > settings.maxDeactivationShare * active) {
      blocks.push({
        type: 'users',
        reason:
          `the plan would deactivate ${deactivations} of ${active} active users, more than the allowed ` +
          `${formatShare(settings.maxDeactivationShare)}; refusing to act`,
      });
    }
  }
  return blocks;
}

function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(2))}%`;
}
