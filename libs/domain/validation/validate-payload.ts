import type { FieldNote } from '../desired/desired-record.js';
import type { EntityType, Payload } from '../types.js';
import { PAYLOAD_SCHEMAS } from './schemas.js';

/** The reasons SafetyAmp would refuse this create body, one per field, in plain words; empty when none. */
export function validatePayload(type: EntityType, payload: Payload): FieldNote[] {
  const result = PAYLOAD_SCHEMAS[type].safeParse(payload);
  if (result.success) return [];
  const seen = new Set<string>();
  const notes: FieldNote[] = [];
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '(record)';
    if (seen.has(field)) continue;
    seen.add(field);
    notes.push({ field, reason: issue.message });
  }
  return notes;
}
