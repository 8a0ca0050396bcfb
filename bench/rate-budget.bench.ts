/**
 * How much of SafetyAmp's rate budget the fleet uses, and how often it overruns it, against the strict
 * simulator time-scaled to 60 calls per BENCH_WINDOW_MS (default 1220 ms, i.e. 60/61 s run 50× faster):
 *
 * 1. Reads for BENCH_WINDOWS windows (default 10) by BullMQ worker processes (1 and 4), each job one call:
 *    (a) SafetyAmpClient on the fleet-wide Redis limiter, (b) the baseline: BullMQ's own
 *    `limiter: { max: 60, duration: window }` on job starts, the processor making one plain fetch.
 * 2. Draining BENCH_WRITES writes (default 2,000 title creates) with SafetyAmpClient by 1 and 4 worker processes.
 *    Budget use = the least time a strict window allows for those calls / the time they took (first to last
 *    arrival at the simulator). Target (DESIGN.md): ≥ 97% and 0 × 429.
 *
 * Run: node --import tsx bench/rate-budget.bench.ts   (or `npm run bench -- rate-budget`). The worker processes
 * are this same file, forked with BENCH_CHILD set. BENCH_MARGIN_MS overrides the limiter's safety margin,
 * BENCH_CONCURRENCY the jobs in flight per process (8).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { startSafetyAmpSimulator, type SimCall } from '../apps/simulators/safetyamp/server.js';
import { RedisRateLimiter, SafetyAmpClient } from '../libs/safetyamp/index.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MAX = 60;
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 1220);
const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 10);
const WRITES = Number(process.env.BENCH_WRITES ?? 2000);
const MARGIN_MS = process.env.BENCH_MARGIN_MS ? Number(process.env.BENCH_MARGIN_MS) : undefined;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const TARGET_USE = 0.97;

type Mode = 'client-read' | 'client-write' | 'bullmq-limiter-read';

interface ChildConfig {
  mode: Mode;
  queue: string;
  prefix: string;
  url: string;
  token: string;
  fqdn: string;
}

// ------------------------------------------------------------------------------------------- child process

async function runChild(config: ChildConfig): Promise<void> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const limiterConnection = new Redis(REDIS_URL);
  const limiter = new RedisRateLimiter({
    connection: limiterConnection,
    prefix: config.prefix,
    tenant: config.fqdn,
    max: MAX,
    windowMs: WINDOW_MS,
    ...(MARGIN_MS === undefined ? {} : { marginMs: MARGIN_MS }),
  });
  const client = new SafetyAmpClient({
    baseUrl: config.url,
    token: config.token,
    fqdn: config.fqdn,
    limiter,
  });
  const headers = { Authorization: `Bearer ${config.token}`, Fqdn: config.fqdn, Accept: 'application/json' };

  const processors: Record<Mode, (job: Job<{ key: string }>) => Promise<unknown>> = {
    'client-read': (job) => client.findUserByEmpId(job.data.key),
    'client-write': (job) =>
      client.createTitleOnce({ name: job.data.key }, { lookupFirst: job.attemptsMade > 0 }),
    'bullmq-limiter-read': async (job) => {
      const response = await fetch(`${config.url}/api/users?emp_id=${job.data.key}`, { headers });
      await response.text();
      if (!response.ok) throw new Error(`status ${response.status}`);
    },
  };
  const worker = new Worker(config.queue, processors[config.mode], {
    connection,
    prefix: config.prefix,
    concurrency: CONCURRENCY,
    autorun: false,
    ...(config.mode === 'bullmq-limiter-read' ? { limiter: { max: MAX, duration: WINDOW_MS } } : {}),
  });
  worker.on('error', () => undefined);

  // The first fetch of a process loads Node's HTTP client; done on the simulator's uncounted route.
  await (await fetch(`${config.url}/__sim/faults`)).text();
  await connection.ping();
  process.on('message', (message) => {
    if (message === 'go') void worker.run();
    if (message === 'stop') {
      void worker.close(true).finally(() => {
        client.close();
        process.send?.('stopped', () => process.exit(0));
      });
    }
  });
  process.send?.('ready');
}

// ------------------------------------------------------------------------------------------ parent process

interface Outcome {
  calls: SimCall[];
  startedAt: number;
  endedAt: number;
}

async function runScenario(
  mode: Mode,
  processes: number,
  jobs: number,
  durationMs?: number,
): Promise<Outcome> {
  const sim = await startSafetyAmpSimulator({ rateLimit: { max: MAX, windowMs: WINDOW_MS }, seed: {} });
  const prefix = `bench:rate:${randomUUID()}`;
  const queueName = 'safetyamp-calls';
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection, prefix });
  await queue.addBulk(
    Array.from({ length: jobs }, (_, i) => ({
      name: mode,
      data: { key: `bench-${String(i).padStart(5, '0')}` },
      // A write that failed (a 429, a lost answer) is retried as the fleet's worker would; reads are just counted.
      opts: {
        removeOnComplete: true,
        removeOnFail: true,
        ...(mode === 'client-write' ? { attempts: 5 } : {}),
      },
    })),
  );
  const config: ChildConfig = {
    mode,
    queue: queueName,
    prefix,
    url: sim.url,
    token: sim.token,
    fqdn: sim.fqdn,
  };
  const children: ChildProcess[] = [];
  for (let i = 0; i < processes; i++) {
    children.push(
      fork(fileURLToPath(import.meta.url), [], {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, BENCH_CHILD: JSON.stringify(config), LOG_LEVEL: 'error' },
      }),
    );
  }
  await Promise.all(children.map((c) => new Promise((resolve) => c.once('message', resolve))));

  const startedAt = Date.now();
  for (const child of children) child.send('go');
  if (durationMs !== undefined) await sleep(durationMs);
  else while ((await queue.count()) > 0 || (await queue.getActiveCount()) > 0) await sleep(100);
  const endedAt = Date.now();
  await Promise.all(
    children.map((c) => {
      const stopped = new Promise((resolve) => c.once('exit', resolve));
      c.send('stop');
      return stopped;
    }),
  );

  const calls = sim.calls();
  await queue.obliterate({ force: true });
  await queue.close();
  const keys = await connection.keys(`${prefix}:*`);
  if (keys.length) await connection.del(...keys);
  await connection.quit();
  await sim.close();
  return { calls, startedAt, endedAt };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const pad = (text: string | number, width: number): string => String(text).padStart(width);

async function main(): Promise<void> {
  const margin = MARGIN_MS ?? Math.max(5, Math.ceil(WINDOW_MS / 100));
  const out = (line = ''): boolean => process.stdout.write(`${line}\n`);
  out(
    `SafetyAmp budget ${MAX} calls per ${WINDOW_MS} ms (strict sliding window, the simulator's), limiter margin ` +
      `${margin} ms, ${CONCURRENCY} jobs in flight per process; load average ${loadavg()[0]!.toFixed(1)} on this machine`,
  );

  const durationMs = WINDOWS * WINDOW_MS;
  const budget = (MAX * durationMs) / WINDOW_MS;
  out(`\nReads for ${WINDOWS} windows (${durationMs} ms, budget ${budget} calls), one call per BullMQ job:`);
  out(`  ${'rate limiting'.padEnd(46)} procs   calls ok   share of budget   429s`);
  const readRows: [string, Mode, number][] = [
    ['SafetyAmpClient, fleet-wide Redis limiter', 'client-read', 1],
    ['SafetyAmpClient, fleet-wide Redis limiter', 'client-read', 4],
    [`BullMQ limiter { max: ${MAX}, duration: ${WINDOW_MS} }`, 'bullmq-limiter-read', 1],
    [`BullMQ limiter { max: ${MAX}, duration: ${WINDOW_MS} }`, 'bullmq-limiter-read', 4],
  ];
  out(
    '  (every limiter gets the first window as a free burst; a strict one therefore reaches 100% over whole windows)',
  );
  for (const [label, mode, processes] of readRows) {
    const { calls, startedAt } = await runScenario(mode, processes, budget * 3, durationMs);
    const inRun = calls.filter((c) => c.at <= startedAt + durationMs);
    const ok = inRun.filter((c) => c.status === 200).length;
    const refused = inRun.filter((c) => c.status === 429).length;
    out(
      `  ${label.padEnd(46)} ${pad(processes, 5)}   ${pad(ok, 8)}   ${pad(pct(ok / budget), 15)}   ${pad(refused, 4)}`,
    );
  }

  out(`\nDrain ${WRITES} writes (title creates), SafetyAmpClient in BullMQ workers:`);
  out(`  procs   drained in   budget use (least time / time taken)   429s   records`);
  let met = true;
  for (const processes of [1, 4]) {
    const { calls, startedAt, endedAt } = await runScenario('client-write', processes, WRITES);
    const posts = calls.filter((c) => c.method === 'POST');
    const created = posts.filter((c) => c.status === 201);
    const refused = calls.filter((c) => c.status === 429).length;
    const first = posts[0]?.at ?? 0;
    const last = posts.at(-1)?.at ?? 0;
    const leastMs = (Math.ceil(posts.length / MAX) - 1) * WINDOW_MS;
    const use = leastMs / Math.max(1, last - first);
    met &&= use >= TARGET_USE && refused === 0 && created.length === WRITES;
    out(
      `  ${pad(processes, 5)}   ${pad(`${((endedAt - startedAt) / 1000).toFixed(1)} s`, 10)}   ` +
        `${pad(pct(use), 36)}   ${pad(refused, 4)}   ${pad(created.length, 7)}`,
    );
  }
  out(`\n  target ≥ ${pct(TARGET_USE)} budget use and 0 × 429 while draining: ${met ? 'met' : 'MISSED'}`);
  process.exitCode = met ? 0 : 1;
}

if (process.env.BENCH_CHILD) await runChild(JSON.parse(process.env.BENCH_CHILD) as ChildConfig);
else await main();
