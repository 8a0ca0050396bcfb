import type { EntityType, Payload } from '../types.js';

/** Something wrong with (or worth saying about) one field of a record, in plain words. */
export interface FieldNote {
  field: string;
  reason: string;
}

/**
 * What SafetyAmp should hold for one fleet key. `payload` is the create body with normalised values; a field
 * left out is never compared (so an empty source value never blanks SafetyAmp), a field set to null is cleared.
 */
export interface DesiredRecord {
  type: EntityType;
  key: string;
  payload: Payload;
  /** Fields sent on create but never diffed for this record (e.g. a placeholder street). */
  createOnly?: readonly string[];
  /** Why the record cannot be sent; empty when it can. */
  problems: FieldNote[];
  /** Things dropped or guessed on the way that do not stop the record. */
  warnings: FieldNote[];
}

/** A source row without a usable key: it becomes an invalid record named by its position. */
export function rowKey(index: number): string {
  return `row ${index + 1}`;
}

export function newDesiredRecord(type: EntityType, key: string, payload: Payload = {}): DesiredRecord {
  return { type, key, payload, problems: [], warnings: [] };
}
