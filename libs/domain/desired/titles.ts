import { titleKey } from '../keys.js';
import { normaliseText } from '../normalise/text.js';
import type { VistaEmployeeRow } from '../types.js';
import { newDesiredRecord } from './desired-record.js';
import type { DesiredRecord } from './desired-record.js';
import { SpellingTally } from './preferred-spelling.js';

/**
 * One title per distinct trimmed udEmpTitle of the active employees, case-insensitively (the original compared
 * case-sensitively and looked titles up untrimmed). Employees without a title simply have none.
 */
export function desiredTitles(employees: readonly VistaEmployeeRow[]): DesiredRecord[] {
  const tally = new SpellingTally();
  for (const row of employees) {
    const title = normaliseText(row.udEmpTitle);
    if (title !== null) tally.add(titleKey(title), title);
  }
  return [...tally.preferred()].map(([key, name]) => newDesiredRecord('titles', key, { name }));
}
