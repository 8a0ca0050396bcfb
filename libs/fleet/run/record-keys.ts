import { employeeKey } from '../../domain/index.js';
import { ENTITY_TYPES, type EntityType } from '../../domain/types.js';

/** Records named to sync now: per entity type, their fleet keys. */
export type RecordKeys = Partial<Record<EntityType, string[]>>;

/** The most records one request may name: syncing a few people now, not a run by other means. */
export const MAX_RECORD_KEYS = 100;

/**
 * Reads `users:1234,sites:30031.,clusters:dept:10` (type, a colon, the fleet key; comma-separated) into keys per
 * type, or the reason it cannot: an unknown type, an empty key, a user key that is not an employee number, too many
 * keys. User keys are normalised as the plan keys them (`001234` → `1234`).
 */
export function parseRecordKeys(
  text: string | readonly string[],
): { keys: RecordKeys; types: EntityType[] } | { error: string } {
  const items = (typeof text === 'string' ? text.split(',') : text).map((t) => t.trim()).filter(Boolean);
  if (!items.length) return { error: 'no record named (type:key, e.g. users:1234)' };
  if (items.length > MAX_RECORD_KEYS) return { error: `at most ${MAX_RECORD_KEYS} records at a time` };
  const keys: RecordKeys = {};
  for (const item of items) {
    const colon = item.indexOf(':');
    const type = colon < 0 ? item : item.slice(0, colon).trim();
    if (colon < 0 || !(ENTITY_TYPES as readonly string[]).includes(type)) {
      return { error: `"${item}": unknown type "${type}" (one of ${ENTITY_TYPES.join(', ')}, then :key)` };
    }
    let key: string | null = item.slice(colon + 1).trim();
    if (type === 'users') key = employeeKey(key);
    if (!key) {
      return {
        error:
          type === 'users'
            ? `"${item}": a user's key is an employee number`
            : `"${item}": the key after "${type}:" is empty`,
      };
    }
    const list = (keys[type as EntityType] ??= []);
    if (!list.includes(key)) list.push(key);
  }
  return { keys, types: ENTITY_TYPES.filter((t) => keys[t]) };
}
