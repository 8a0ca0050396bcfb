/** One line of the fleet benchmark's table: a number, the baseline measured in the same run, the target. */
export interface BenchRow {
  what: string;
  measured: string;
  baseline: string;
  target: string;
  /** null: no verdict (e.g. the measurement could not be made). */
  met: boolean | null;
  /** How the numbers came about, printed under the table. */
  note?: string;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line)].join('\n');
}

/** The table, the verdict of each row, then the notes numbered like the rows. */
export function formatBenchTable(rows: BenchRow[]): string {
  const cells = rows.map((r, i) => [
    String(i + 1),
    r.what,
    r.measured,
    r.baseline,
    r.target,
    r.met === null ? 'n/a' : r.met ? 'met' : 'MISSED',
  ]);
  const notes = rows.flatMap((r, i) => (r.note ? [`  ${i + 1}. ${r.note}`] : []));
  return [
    table(['#', 'measurement', 'fleet', 'baseline (same run)', 'target', 'verdict'], cells),
    '',
    ...notes,
  ].join('\n');
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const megabytes = (mb: number): string => `${mb.toFixed(0)} MB`;
