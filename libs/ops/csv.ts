import { stringify } from 'csv-stringify/sync';

/** A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, return first) is quoted with `'`. */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Rows as CSV (RFC 4180, a header line, CRLF), every cell text that a spreadsheet shows and never runs. */
export function toCsv<TRow extends Record<string, unknown>>(
  columns: readonly (keyof TRow & string)[],
  rows: readonly TRow[],
): string {
  return stringify(
    rows.map((row) => columns.map((c) => cell(row[c]))),
    { header: true, columns: [...columns], record_delimiter: 'windows' },
  );
}
