import type { DesiredRecord } from '../desired/desired-record.js';
import { fingerprintOf } from '../diff/fingerprint.js';
import type { ChangeAction, EntityType, Payload, PlannedChange } from '../types.js';

/** The fingerprint of a desired record: equal desired states give equal fingerprints. */
export function desiredFingerprint(record: Pick<DesiredRecord, 'type' | 'key' | 'payload'>): string {
  return fingerprintOf({ type: record.type, key: record.key, payload: record.payload });
}

/**
 * A change with its fingerprint: a hash of the desired record, the action, the target id and the body (a
 * create's body is the desired record itself). A change of body (the source was fixed, or SafetyAmp moved)
 * gives a new fingerprint, hence a new job id.
 */
export function plannedChange(
  fields: {
    type: EntityType;
    key: string;
    action: ChangeAction;
    id?: number | string;
    payload: Payload;
    previous?: Record<string, unknown>;
  },
  desired: Pick<DesiredRecord, 'payload'> | null,
): PlannedChange {
  const { type, key, action, id, payload } = fields;
  const fingerprint = fingerprintOf({
    type,
    key,
    action,
    id: id ?? null,
    desired: desired?.payload ?? null,
    payload: action === 'create' ? null : payload,
  });
  const change: PlannedChange = { type, key, action, payload, fingerprint };
  if (id !== undefined) change.id = id;
  if (fields.previous !== undefined) change.previous = fields.previous;
  return change;
}

/**
 * The deterministic BullMQ job id of a change: `<type>.<url-encoded key>.<16 hex of the fingerprint>`. The
 * key is URL-encoded, so the id never holds ':' (BullMQ's key separator).
 */
export function changeJobId(change: Pick<PlannedChange, 'type' | 'key' | 'fingerprint'>): string {
  return `${change.type}.${encodeURIComponent(change.key)}.${change.fingerprint.slice(0, 16)}`;
}
