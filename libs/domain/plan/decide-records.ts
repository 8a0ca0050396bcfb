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
 * Validates every desired record (its create body, whether or not it exists: an update must be as acceptable
 * as a create) and diffs the valid ones against their existing record.
 */
export function decideRecords(
  records: readonly DesiredRecord[],
  existingOf: (record: DesiredRecord) => ExistingRecord | undefined,
): RecordOutcome[] {
  return records.map((record) => {
    // A field the builder already found wrong is not reported twice.
    for (const note of validatePayload(record.type, record.payload)) {
      if (!record.problems.some((problem) => problem.field === note.field)) record.problems.push(note);
    }
    const existing = existingOf(record);
    const diff = record.problems.length === 0 ? diffRecord(record, existing?.record) : undefined;
    return { record, existing, diff };
  });
}
