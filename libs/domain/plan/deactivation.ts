import { employeeKey } from '../keys.js';
import { normaliseFlag } from '../normalise/flag.js';
import type { PlannedChange, SaUser } from '../types.js';
import { plannedChange } from './planned-change.js';

/**
 * Terminated employees (domain.md §11.8): every active SafetyAmp user whose emp_id Vista no longer lists as
 * active is deactivated with `{system_access: false}`. Users without an emp_id of the fleet's form are
 * administrators or contractors and never touched. Re-activation is the diff's business (system_access true).
 */
export function plannedDeactivations(
  users: readonly SaUser[],
  activeEmployees: ReadonlySet<string>,
): PlannedChange[] {
  const changes: PlannedChange[] = [];
  for (const user of users) {
    const key = employeeKey(user.emp_id);
    if (key === null || activeEmployees.has(key) || !normaliseFlag(user.system_access)) continue;
    changes.push(
      plannedChange(
        {
          type: 'users',
          key,
          action: 'deactivate',
          id: user.id,
          payload: { system_access: false },
          previous: { system_access: user.system_access },
        },
        null,
      ),
    );
  }
  return changes;
}
