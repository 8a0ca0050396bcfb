import type { DesiredRecord } from '../desired/desired-record.js';
import { diffRecord } from '../diff/diff-record.js';
import type { DiffOutcome } from '../diff/diff-record.js';
import { validatePayload } from '../validation/validate-payload.js';
import type { ExistingRecord } from './existing-index.js';

/** What the plan decided for one desired record: no diff when the record cannot be sent. */
export interface RecordOutcome {
  record: DesiredRecord;
  existing: ExistingRecord | undefined;
  diff: DiffOutcome | undefined;
}

/**
 * Validates every desired record against the create rules and diffs the valid ones against their existing
 * record. For a record that exists, a required value missing at the source is only a warning: the PATCH does
 * not carry it, and SafetyAmp keeps the value it holds (the original never blanked a field either).
 */
export function decideRecords(
  records: readonly DesiredRecord[],
  existingOf: (record: DesiredRecord) => ExistingRecord | undefined,
): RecordOutcome[] {
  return records.map((record) => {
    const existing = existingOf(record);
    for (const note of validatePayload(record.type, record.payload)) {
      // A field the builder already found wrong is not reported twice.
      if (record.problems.some((problem) => problem.field === note.field)) continue;
      if (existing !== undefined && record.payload[note.field] === undefined) {
        record.warnings.push({
          field: note.field,
          reason: `${note.reason}; SafetyAmp keeps its current value`,
        });
      } else {
        record.problems.push(note);
      }
    }
    const diff = record.problems.length === 0 ? diffRecord(record, existing?.record) : undefined;
    return { record, existing, diff };
  });
}
