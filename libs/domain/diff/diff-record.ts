import type { DesiredRecord } from '../desired/desired-record.js';
import type { Payload, PayloadValue } from '../types.js';
import { comparable, roleIds } from './comparable.js';
import { DIFFED_FIELDS } from './field-kinds.js';

/**
 * Fields the fleet only ever asserts (a role held, access granted): when the current record does not carry them
 * at all, their state is unknown rather than empty, and sending them to every user would cost a call each.
 */
const UNKNOWN_WHEN_ABSENT = new Set(['roles', 'system_access']);

export type DiffOutcome =
  | { action: 'create'; payload: Payload }
  | { action: 'update'; payload: Payload; previous: Record<string, unknown> }
  | { action: 'unchanged' };

/**
 * Desired against current: a create (the body without nulls), an update carrying only the changed fields
 * with their previous values (PATCH semantics for every type), or unchanged. Fields the desired record leaves
 * out are not compared, so a value missing at the source never blanks SafetyAmp (users kept the original's
 * rule; an asset clears `current_user_id` by setting it to null explicitly). Roles are kept, never taken away:
 * the update adds the desired roles to the user's current ones.
 */
export function diffRecord(
  desired: Pick<DesiredRecord, 'type' | 'payload' | 'createOnly'>,
  current: object | undefined,
): DiffOutcome {
  if (current === undefined) return { action: 'create', payload: withoutNulls(desired.payload) };
  const existing = current as Record<string, unknown>;
  const kinds = DIFFED_FIELDS[desired.type];
  const payload: Payload = {};
  const previous: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(desired.payload)) {
    const kind = kinds[field];
    if (kind === undefined || value === undefined || desired.createOnly?.includes(field)) continue;
    if (UNKNOWN_WHEN_ABSENT.has(field) && !(field in existing)) continue;
    if (kind === 'roles') {
      const merged = mergedRoles(value, existing[field]);
      if (merged !== null) {
        payload[field] = merged;
        previous[field] = existing[field];
      }
      continue;
    }
    if (comparable(kind, value) !== comparable(kind, existing[field])) {
      payload[field] = value;
      previous[field] = existing[field] ?? null;
    }
  }
  return Object.keys(payload).length === 0
    ? { action: 'unchanged' }
    : { action: 'update', payload, previous };
}

function mergedRoles(desired: PayloadValue, current: unknown): { id: number }[] | null {
  const held = roleIds(current);
  const missing = roleIds(desired).filter((id) => !held.includes(id));
  return missing.length === 0 ? null : [...held, ...missing].map((id) => ({ id }));
}

function withoutNulls(payload: Payload): Payload {
  const body: Payload = {};
  for (const [field, value] of Object.entries(payload)) if (value !== null) body[field] = value;
  return body;
}
