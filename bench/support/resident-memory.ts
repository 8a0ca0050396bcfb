import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ENTITY_TYPES } from '../../libs/domain/types.js';
import { createRedisConnection } from '../../libs/queue/connections.js';
import { FleetQueues } from '../../libs/queue/fleet-queues.js';
import { FleetHarness } from '../../test/support/fleet-harness.js';
import { FleetProcess } from './fleet-process.js';
import {
  diagnosticsOnSignal,
  heapReport,
  liveHeap,
  type HeapAtMoment,
  type LiveHeap,
} from './node-report.js';
import { residentMemory } from './process-memory.js';
import { megabytes, seconds, type BenchRow } from './result-table.js';

const COMPANY = { employees: 20_000, jobs: 2_000, departments: 60, vehicles: 1_000 };
const DRAIN_MS = Number(process.env.BENCH_MEMORY_DRAIN_MS ?? 30_000);
const SAMPLE_MS = 5_000;
const TARGET_PRODUCER_MB = 300;
const TARGET_WORKER_MB = 150;
const NEVER = '0 0 1 1 *';

/** How the `fleet` command is run: its script, extra environment, and a label for the table. */
export interface FleetBuild {
  label: string;
  entry: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Peak resident memory (VmHWM) of a `fleet producer` that plans and enqueues the first run of a company of
 * 20,000 employees, 2,000 jobs, 60 departments and 1,000 vehicles (every record to create), and of one
 * `fleet worker` (all queues, concurrency 4) draining that run's jobs for 30 s. The entity queues stay paused
 * until the producer has enqueued everything, so the two peaks are apart. Baselines: the same processes' RSS
 * once started and idle. What the memory is made of: the JS heap (live and garbage) from Node.js diagnostic
 * reports, and the live heap from heap snapshots taken at the end.
 */
export async function measureResidentMemory(workDir: string, build: FleetBuild): Promise<BenchRow[]> {
  const h = await FleetHarness.start({ company: COMPANY, rateLimit: { max: 100_000, windowMs: 1_000 } });
  const connection = createRedisConnection(h.redisUrl, 'blocking');
  const queues = new FleetQueues(connection, h.keyPrefix);
  const reports = join(workDir, 'reports');
  const env = {
    ...h.env,
    ...build.env,
    LOG_LEVEL: 'info',
    SYNC_SCHEDULE: NEVER,
    RECONCILE_SCHEDULE: NEVER,
    NODE_OPTIONS: diagnosticsOnSignal(reports),
  };
  const logFile = (role: string): string =>
    join(workDir, `memory-${role}-${build.label.replace(/\W+/g, '-')}.log`);
  let producer: FleetProcess | undefined;
  let worker: FleetProcess | undefined;
  try {
    for (const type of ENTITY_TYPES) await queues.entities[type].pause();
    producer = FleetProcess.start(
      ['producer'],
      { ...env, NODE_OPTIONS: withHeapFlags(env.NODE_OPTIONS, 'producer') },
      logFile('producer'),
      build.entry,
    );
    await producer.waitForLog('producer started', 60_000);
    await sleep(1_000);
    const producerIdle = residentMemory(producer.pid);

    const queued = await h.runFleet(['sync', '--json']);
    if (queued.code !== 0) throw new Error(`fleet sync did not queue a run:\n${queued.stderr.slice(-2_000)}`);
    const planStart = Date.now();
    const planned = await producer.waitForLog('planned', 240_000);
    const changes = Number(planned.changes);
    while ((await entityJobCount(queues)) < changes) {
      if (!producer.running) throw new Error(`producer exited:\n${producer.tail()}`);
      await sleep(200);
    }
    const enqueuedMs = Date.now() - planStart;
    const producerHeap = await heapReport(producer.pid, reports);

    // At warn, a worker logs nothing when it starts: its connection to the queues says it is up.
    worker = FleetProcess.start(
      ['worker'],
      { ...env, NODE_OPTIONS: withHeapFlags(env.NODE_OPTIONS, 'worker'), LOG_LEVEL: 'warn' },
      logFile('worker'),
      build.entry,
    );
    while ((await queues.entities.assets.getWorkersCount()) === 0) {
      if (!worker.running) throw new Error(`worker exited:\n${worker.tail()}`);
      await sleep(100);
    }
    await sleep(1_000);
    const workerIdle = residentMemory(worker.pid);
    const callsBefore = h.safetyamp.stats().total;
    for (const type of ENTITY_TYPES) await queues.entities[type].resume();
    const workerRss: number[] = [];
    const producerRss: number[] = [];
    for (let waited = 0; waited < DRAIN_MS; waited += SAMPLE_MS) {
      await sleep(SAMPLE_MS);
      workerRss.push(residentMemory(worker.pid).rssMb);
      producerRss.push(residentMemory(producer.pid).rssMb);
    }
    const workerPeak = residentMemory(worker.pid).peakMb;
    const workerHeap = await heapReport(worker.pid, reports);
    const drained = h.safetyamp.stats().total - callsBefore;
    const producerPeak = residentMemory(producer.pid).peakMb;
    // Heap snapshots collect garbage first: taken last, after every resident-memory reading.
    const workerLive = await liveHeap(worker.pid, reports);
    await worker.stop(0);
    const producerLive = await liveHeap(producer.pid, reports);

    return [
      {
        what: `Resident memory, producer at ${COMPANY.employees.toLocaleString('en-US')} employees, ${build.label}`,
        measured: `${megabytes(producerPeak)} peak (VmHWM)`,
        baseline: `${megabytes(producerIdle.rssMb)} idle producer`,
        target: `≤ ${TARGET_PRODUCER_MB} MB`,
        met: producerPeak <= TARGET_PRODUCER_MB,
        note:
          `${build.label}: first run of ${COMPANY.employees} employees, ${COMPANY.jobs} jobs, ` +
          `${COMPANY.departments} departments, ${COMPANY.vehicles} vehicles; ${changes} changes planned and ` +
          `enqueued ${seconds(enqueuedMs)} after \`fleet sync\`; then ${heapText(producerHeap)} ` +
          `Waiting for the run's jobs while a worker drains them, RSS every ${seconds(SAMPLE_MS)}: ` +
          `${producerRss.map((mb) => mb.toFixed(0)).join(', ')} MB. ` +
          liveText(producerLive) +
          overBy(producerPeak, TARGET_PRODUCER_MB),
      },
      {
        what: `Resident memory, worker draining, ${build.label}`,
        measured: `${megabytes(workerPeak)} peak (VmHWM)`,
        baseline: `${megabytes(workerIdle.rssMb)} idle worker`,
        target: `≤ ${TARGET_WORKER_MB} MB`,
        met: workerPeak <= TARGET_WORKER_MB,
        note:
          `${build.label}: one \`fleet worker\` (all queues, concurrency 4) draining that run for ` +
          `${seconds(DRAIN_MS)}, ${drained} SafetyAmp calls; RSS every ${seconds(SAMPLE_MS)}: ` +
          `${workerRss.map((mb) => mb.toFixed(0)).join(', ')} MB; at the end ${heapText(workerHeap)} ` +
          liveText(workerLive) +
          overBy(workerPeak, TARGET_WORKER_MB),
      },
    ];
  } finally {
    await worker?.stop(0);
    await producer?.stop(0);
    await queues.close();
    await connection.quit();
    await h.close();
  }
}

async function entityJobCount(queues: FleetQueues): Promise<number> {
  const counts = await Promise.all(ENTITY_TYPES.map((t) => queues.entities[t].getJobCounts()));
  return counts.reduce((sum, c) => sum + Object.values(c).reduce((a, b) => a + b, 0), 0);
}

function heapText(heap: HeapAtMoment | null): string {
  if (!heap) return 'no heap report came back.';
  return (
    `JS heap ${megabytes(heap.heapUsedMb)} used (live and not yet collected) of ${megabytes(heap.heapTotalMb)}, ` +
    `external ${megabytes(heap.externalMb)}, RSS ${megabytes(heap.rssMb)}.`
  );
}

function liveText(live: LiveHeap | null): string {
  if (!live) return 'No heap snapshot came back.';
  return (
    `Live JS heap after a full GC (snapshot, at the end): ${megabytes(live.liveMb)}, of which strings ` +
    `${megabytes(live.stringsMb)} (mostly module source text) and code ${megabytes(live.codeMb)}.`
  );
}

function overBy(measured: number, target: number): string {
  return measured > target
    ? ` Over the target by ${megabytes(measured - target)} (${((100 * (measured - target)) / target).toFixed(0)}%).`
    : '';
}

/**
 * The heap settings the Kubernetes manifests give each process (`NODE_OPTIONS` in k8s/base/*.yaml), applied when
 * BENCH_DEPLOYED_HEAP=1 so that the bench can show memory as deployed as well as with V8's defaults.
 */
function withHeapFlags(options: string | undefined, process: 'producer' | 'worker'): string | undefined {
  if (globalThis.process.env.BENCH_DEPLOYED_HEAP !== '1') return options;
  const manifest = readFileSync(new URL(`../../k8s/base/${process}.yaml`, import.meta.url), 'utf8');
  const flags = /name: NODE_OPTIONS, value: ['"]([^'"]+)['"]/.exec(manifest)?.[1];
  return [options, flags].filter(Boolean).join(' ');
}
