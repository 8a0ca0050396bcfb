/**
 * The fleet-level numbers of DESIGN.md "Performance targets", each next to a baseline measured in the same run:
 *
 * 1. SafetyAmp calls of a run with no source change (target 0), and
 * 2. of a run with 1% of the employees changed (target ≤ 1.05 × the writes needed): `fleet sync --inline` on a
 *    2,000-employee company served by the four simulators.
 * 3. Enqueueing 100,000 jobs through the producer's enqueue step (target ≤ 10 s); baseline: minimal addBulk.
 * 4. One `fleet worker` process against a no-limit simulator vs bare BullMQ workers making the same HTTP call
 *    (target ≥ 1/1.5 of bare).
 * 5. Peak resident memory of `fleet producer` planning a 20,000-employee company and of a `fleet worker`
 *    draining it (targets 300 MB / 150 MB), run through bin/fleet.js (tsx) and compiled as the image runs it.
 * 6. The dashboard's drain-time estimate vs the measured drain of a real run at 60 calls per 2 s (±20%).
 *
 * Prints a table and exits 0 even when a target is missed (then the row says MISSED). Every Redis key (unique
 * prefixes) and child process it makes is removed. About 5 minutes on the 2-core machine.
 *
 * Run: node --import tsx --expose-gc bench/fleet.bench.ts [calls|enqueue|throughput|memory|drain ...]
 *      (or `npm run bench -- fleet`)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureLogging } from '../libs/platform/logger.js';
import { measureCallsPerRun } from './support/calls-per-run.js';
import { compileFleet } from './support/compiled-fleet.js';
import { measureDrainEstimate } from './support/drain-estimate-check.js';
import { measureEnqueue } from './support/enqueue-scale.js';
import { FLEET_BIN } from './support/fleet-process.js';
import { measureResidentMemory } from './support/resident-memory.js';
import { formatBenchTable, seconds, type BenchRow } from './support/result-table.js';
import { measureWorkerThroughput } from './support/worker-throughput.js';

configureLogging({ level: 'warn', format: 'json' });

const workDir = mkdtempSync(join(tmpdir(), 'fleet-bench-'));
const out = (line = ''): boolean => process.stdout.write(`${line}\n`);

const steps: { name: string; what: string; run: () => Promise<BenchRow | BenchRow[]> }[] = [
  { name: 'calls', what: 'SafetyAmp calls per run', run: measureCallsPerRun },
  { name: 'enqueue', what: 'Enqueue 100,000 jobs', run: measureEnqueue },
  { name: 'throughput', what: 'Worker throughput', run: () => measureWorkerThroughput(workDir) },
  { name: 'memory', what: 'Resident memory', run: measureMemory },
  { name: 'drain', what: 'Drain-time estimate', run: () => measureDrainEstimate(workDir) },
];

async function measureMemory(): Promise<BenchRow[]> {
  const rows = await measureResidentMemory(workDir, { label: 'bin/fleet.js (tsx)', entry: FLEET_BIN });
  const compiled = compileFleet(join(workDir, 'compiled'));
  if (!compiled.entry)
    return [
      ...rows,
      failedRow('Resident memory, compiled', `tsc produced nothing runnable: ${compiled.problem}`),
    ];
  const build = { label: 'compiled (as the image)', entry: compiled.entry, env: { NODE_ENV: 'production' } };
  return [...rows, ...(await measureResidentMemory(workDir, build))];
}

function failedRow(what: string, why: string): BenchRow {
  return { what, measured: 'not measured', baseline: '-', target: '-', met: null, note: why };
}

const only = process.argv.slice(2);
const rows: BenchRow[] = [];
const started = Date.now();
out(`fleet benchmark: ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)} at the start`);
let failures = 0;
for (const step of steps.filter((s) => !only.length || only.includes(s.name))) {
  const stepStart = Date.now();
  out(`  measuring: ${step.what} …`);
  try {
    const result = await step.run();
    rows.push(...(Array.isArray(result) ? result : [result]));
  } catch (err) {
    failures += 1;
    rows.push(failedRow(step.what, (err as Error).stack ?? String(err)));
  }
  out(`  … ${seconds(Date.now() - stepStart)}`);
}
out();
out(formatBenchTable(rows));
out();
out(
  `Whole bench ${seconds(Date.now() - started)}; load average ${loadavg()[0]?.toFixed(1)} at the end. ` +
    `Targets missed: ${rows.filter((r) => r.met === false).length}; not measured: ${rows.filter((r) => r.met === null).length}.`,
);
if (failures) out(`Logs of the fleet processes kept in ${workDir}`);
else rmSync(workDir, { recursive: true, force: true });
