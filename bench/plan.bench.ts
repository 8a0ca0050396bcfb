/**
 * Plans a generated company of 20,000 employees, 2,000 jobs, 60 departments and 1,000 vehicles (domain only):
 * a first run against a tenant holding only the root, regions and roles (everything to create) in a cold
 * process (JIT and phone cache empty), the same again warm, then a steady run against the tenant that plan
 * produced, with 1% of the employees changed. Baseline in the same run: the time to JSON-clone the inputs.
 * Wall and CPU time are both printed: on a shared machine wall time also counts other processes.
 * Targets (DESIGN.md): ≤ 3 s and ≤ 250 MB heap, checked against the worst (cold) run.
 *
 * Run: node --import tsx --expose-gc bench/plan.bench.ts   (or `npm run bench -- plan`)
 */
import { DEFAULT_PLAN_SETTINGS, planRun } from '../libs/domain/index.js';
import type { RunPlan, SafetyAmpSnapshot, SourceSnapshot } from '../libs/domain/index.js';
import { applyPlan } from '../test/support/apply-plan.js';
import { generatePlanDataset } from '../test/support/plan-dataset.js';

const SIZE = { employees: 20_000, jobs: 2_000, departments: 60, vehicles: 1_000 };
const TARGET_MS = 3_000;
const TARGET_HEAP_MB = 250;

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

interface Measure {
  ms: number;
  cpuMs: number;
  heapAfter: number;
  heapDelta: number;
}

function measure(run: () => unknown): Measure & { result: unknown } {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = run();
  const ms = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  const heapAfter = process.memoryUsage().heapUsed;
  return { result, ms, cpuMs: (user + system) / 1000, heapAfter, heapDelta: heapAfter - before };
}

function changeCount(plan: RunPlan): string {
  return Object.values(plan.entities)
    .map((e) => `${e.type} ${e.changes.length}/${e.invalid.length}/${e.unchanged}`)
    .join(', ');
}

function withOnePercentChanged(source: SourceSnapshot): SourceSnapshot {
  const employees = source.employees.map((row, i) =>
    i % 100 === 0 ? { ...row, City: 'Westlake', Phone: '337-555-0100' } : row,
  );
  return { ...source, employees };
}

const { source, tenant } = generatePlanDataset(SIZE, 1);
const baseline = measure(() => JSON.parse(JSON.stringify({ source, tenant })) as unknown);
const first = measure(() => planRun(source, tenant, DEFAULT_PLAN_SETTINGS));
const firstPlan = first.result as RunPlan;
const again = measure(() => planRun(source, tenant, DEFAULT_PLAN_SETTINGS));
const synced: SafetyAmpSnapshot = applyPlan(firstPlan, tenant);
const changed = withOnePercentChanged(source);
const steady = measure(() => planRun(changed, synced, DEFAULT_PLAN_SETTINGS));
const steadyPlan = steady.result as RunPlan;
gc?.();
const retained = process.memoryUsage().heapUsed;

const rows: [string, Measure][] = [
  ['baseline: JSON-clone the inputs', baseline],
  ['first plan, cold process', first],
  ['same plan again, warm process', again],
  ['steady plan (1% changed), warm', steady],
];
process.stdout.write(
  `plan: ${SIZE.employees} employees, ${SIZE.jobs} jobs, ${SIZE.departments} departments, ${SIZE.vehicles} vehicles` +
    `${gc ? '' : ' (run with --expose-gc for steadier heap numbers)'}\n`,
);
for (const [name, m] of rows) {
  process.stdout.write(
    `  ${name.padEnd(34)} ${m.ms.toFixed(0).padStart(6)} ms (cpu ${m.cpuMs.toFixed(0).padStart(5)} ms)` +
      `   heap used ${mb(m.heapAfter).padStart(9)} (+${mb(m.heapDelta)})\n`,
  );
}
process.stdout.write(`  first plan:  ${changeCount(firstPlan)}   (changes/invalid/unchanged)\n`);
process.stdout.write(`  steady plan: ${changeCount(steadyPlan)}\n`);
process.stdout.write(`  heap retained after GC with inputs and both plans alive: ${mb(retained)}\n`);

const worst = Math.max(first.ms, again.ms, steady.ms);
const worstHeap = Math.max(first.heapAfter, again.heapAfter, steady.heapAfter) / 1024 / 1024;
const ok = worst <= TARGET_MS && worstHeap <= TARGET_HEAP_MB;
process.stdout.write(
  `  target ≤ ${TARGET_MS} ms and ≤ ${TARGET_HEAP_MB} MB heap: ${ok ? 'met' : 'MISSED'} ` +
    `(worst ${worst.toFixed(0)} ms, ${worstHeap.toFixed(1)} MB)\n`,
);
process.exitCode = ok ? 0 : 1;
