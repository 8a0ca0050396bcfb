import { employeeKey } from '../keys.js';
import { normaliseDate } from '../normalise/date.js';
import { normaliseText } from '../normalise/text.js';
import type { VistaRecentJobRow } from '../types.js';

/**
 * Employee key → job number of the employee's most recent open job. The reader sends one row per employee;
 * should it send more, the latest PREndDate wins and a tie goes to the highest job number, never to row order
 * (the original let the last of tied rows win, nondeterministically).
 */
export function recentJobIndex(rows: readonly VistaRecentJobRow[]): Map<string, string> {
  const jobs = new Map<string, string>();
  const ends = new Map<string, string>();
  for (const row of rows) {
    const employee = employeeKey(row.Employee);
    const job = normaliseText(row.Job);
    if (employee === null || job === null) continue;
    const end = normaliseDate(row.PREndDate) ?? '';
    const knownJob = jobs.get(employee);
    const knownEnd = ends.get(employee) ?? '';
    if (knownJob === undefined || end > knownEnd || (end === knownEnd && job > knownJob)) {
      jobs.set(employee, job);
      ends.set(employee, end);
    }
  }
  return jobs;
}
