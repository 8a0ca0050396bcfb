import { normaliseEmail } from '../normalise/email.js';
import type { SaUser } from '../types.js';
import type { RecordOutcome } from './decide-records.js';
import { valueInReason } from '../desired/value-in-reason.js';

/**
 * SafetyAmp keeps e-mails unique across all users (case-insensitive), so a create or an e-mail change to an
 * address another SafetyAmp user holds would be refused. Such a record turns invalid, naming that user,
 * unless this same plan moves that user to another address (then the worker's retry settles the order).
 */
export function rejectEmailsTakenInSafetyAmp(
  outcomes: readonly RecordOutcome[],
  users: readonly SaUser[],
): void {
  const holders = new Map<string, SaUser[]>();
  for (const user of users) {
    const email = normaliseEmail(user.email);
    if (email === null) continue;
    const list = holders.get(email);
    if (list === undefined) holders.set(email, [user]);
    else list.push(user);
  }
  const movingAway = new Set<string>();
  for (const { diff, existing } of outcomes) {
    if (diff?.action === 'update' && 'email' in diff.payload && existing !== undefined)
      movingAway.add(String(existing.id));
  }
  for (const outcome of outcomes) {
    const { diff } = outcome;
    if (diff === undefined || diff.action === 'unchanged') continue;
    const email = normaliseEmail(diff.payload.email);
    if (email === null) continue;
    const own = outcome.existing === undefined ? undefined : String(outcome.existing.id);
    const holder = (holders.get(email) ?? []).find(
      (user) => String(user.id) !== own && !movingAway.has(String(user.id)),
    );
    if (holder === undefined) continue;
    const whose = holder.emp_id
      ? `employee ${valueInReason(String(holder.emp_id).trim())}`
      : 'no employee number';
    outcome.record.problems.push({
      field: 'email',
      reason: `e-mail is already used by SafetyAmp user ${holder.id} (${whose})`,
    });
    outcome.diff = undefined;
  }
}
