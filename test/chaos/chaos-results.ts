import { mkdirSync, writeFileSync } from 'node:fs';

/** The full set runs with `npm run test:chaos`; `npm test` (and CHAOS_SET=ci) runs the reduced set only. */
export const FULL_SET = process.env.CHAOS_SET !== 'ci' && process.env.CHAOS_SET !== undefined;

/** `describe` for a scenario of the full set only (pending in the reduced set). */
export const describeFull: Mocha.SuiteFunction | Mocha.PendingSuiteFunction = FULL_SET
  ? describe
  : describe.skip;

/** One scenario's counts, as the invariant found them. */
export interface ChaosResult {
  scenario: string;
  /** Desired records (every type), found in SafetyAmp, and extra copies of a key. */
  expected: number;
  found: number;
  duplicated: number;
  /** SafetyAmp calls the scenario spent until it converged, and the fewest it could have (the writes needed). */
  calls: number;
  minimum: number;
  overMinimum: number;
  rateLimited: number;
  /** Jobs left in a failed set at the end (each one reported by a run). */
  failedJobs: number;
  runs: number;
  chaosRunStatus: string;
  /** Evidence that the chaos happened as intended. */
  proof: string;
  /** How the next, no-change run ended. */
  nextRun?: string;
}

const results: ChaosResult[] = [];

export function recordChaosResult(result: ChaosResult): void {
  results.push(result);
}

/** The results as a markdown table and the proofs below it. */
export function chaosResultsMarkdown(unordered: readonly ChaosResult[] = results): string {
  const list = [...unordered].sort((a, b) => parseInt(a.scenario, 10) - parseInt(b.scenario, 10));
  const rows = list.map(
    (r) =>
      `| ${r.scenario} | ${r.expected} | ${r.found} | ${r.duplicated} | ${r.calls} | ${r.minimum} | ` +
      `${r.overMinimum} | ${r.rateLimited} | ${r.runs} (${r.chaosRunStatus}) | ${r.failedJobs} | ${r.nextRun ?? '—'} |`,
  );
  return [
    '# Chaos results',
    '',
    `\`npm run test:chaos\` (CHAOS_SET=${process.env.CHAOS_SET ?? 'ci'}), ${new Date().toISOString()}`,
    '',
    '| scenario | expected | found | duplicated | calls | minimum (writes) | over minimum | 429s | runs (chaos run) | failed jobs | next run |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '## What each scenario proved happened',
    '',
    ...list.map((r) => `- **${r.scenario}**: ${r.proof}`),
    '',
  ].join('\n');
}

// A root hook: after every test file has run, print the table and keep it in artifacts/.
after(function () {
  if (!results.length) return;
  const markdown = chaosResultsMarkdown();
  mkdirSync('artifacts', { recursive: true });
  writeFileSync('artifacts/chaos-results.md', markdown);
  console.log(`\n${markdown}\n(written to artifacts/chaos-results.md)`);
});
