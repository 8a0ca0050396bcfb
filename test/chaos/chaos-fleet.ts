import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { GenerateCompanyOptions } from '../../apps/simulators/dataset/index.js';
import type { SafetyAmpFaults, SimCall } from '../../apps/simulators/safetyamp/server.js';
import { ENTITY_TYPES, type EntityType, type RunPlan } from '../../libs/domain/types.js';
import type { EntityJobData } from '../../libs/queue/job-types.js';
import { entityQueueName, RUNS_QUEUE } from '../../libs/queue/names.js';
import type { RunSummary } from '../../libs/state/run-records.js';
import { WorkerRegistry, type WorkerHeartbeat } from '../../libs/state/worker-registry.js';
import { FleetHarness } from '../support/fleet-harness.js';
import { ChaosRedis } from './chaos-redis.js';
import { desiredPlan, writesIn } from './desired-state.js';
import { startRedisTap, type RedisTap } from './redis-tap.js';

/** SafetyAmp's answers in every scenario: 100–800 ms, uniformly jittered (seeded). */
export const REALISTIC_LATENCY = { min: 100, max: 800 } as const;

/** The company of every scenario: small enough for CI, with every kind of record and the generator's defects. */
export const CHAOS_COMPANY: Partial<GenerateCompanyOptions> = {
  employees: 120,
  jobs: 30,
  departments: 6,
  vehicles: 15,
};

export interface ChaosFleetOptions {
  company?: Partial<GenerateCompanyOptions>;
  /** Redis keeps an append-only file (default true): a restart loses nothing it acknowledged. */
  appendOnly?: boolean;
  /** The simulator's faults from the start; latency defaults to REALISTIC_LATENCY (null: none). */
  faults?: SafetyAmpFaults;
  latency?: SafetyAmpFaults['latencyMs'] | null;
  workers?: number;
  producers?: number;
  /**
   * Each producer reaches Redis through a tap; the first producer to send this text freezes there (only the first:
   * the one that takes its run over afterwards goes through).
   */
  producerTapMarker?: (keyPrefix: string) => string;
  /** SafetyAmp budget of the simulator and the fleet (default generous). */
  rateLimit?: { max: number; windowMs: number };
  env?: NodeJS.ProcessEnv;
}

/** One `fleet producer` or `fleet worker` OS process. */
export interface FleetProcess {
  role: 'producer' | 'worker';
  child: ChildProcess;
  /** The tail of what it wrote to stderr (its logs). */
  logs(): string;
  /** Lines it wrote that are not JSON log lines (e.g. ioredis' "Unhandled error event"). */
  strayLines: string[];
  tap?: RedisTap;
}

export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  limitMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Which collection a SafetyAmp write path belongs to, by entity type. */
export const COLLECTION_OF: Record<EntityType, string> = {
  clusters: 'site_clusters',
  sites: 'sites',
  titles: 'user_titles',
  users: 'users',
  assets: 'assets',
};

/**
 * The deployed shape of the fleet for a chaos scenario: the simulators over TCP (SafetyAmp with jittered latency),
 * a private `redis-server`, producers and workers as separate `fleet` OS processes, and the means to see what each
 * holds (BullMQ's active jobs by `processedBy`, the worker registry's pids) before a test breaks something.
 */
export class ChaosFleet {
  readonly processes: FleetProcess[] = [];
  private redisClient: Redis | null = null;
  private queues: Map<string, Queue> = new Map();
  private tapTripped = false;

  private constructor(
    readonly h: FleetHarness,
    readonly redis: ChaosRedis,
    /** The plan from the seeded tenant to the desired state. */
    readonly initialPlan: RunPlan,
    /** Writes that plan needs: the fewest calls a run can spend. */
    readonly minimumWrites: number,
    private readonly options: ChaosFleetOptions,
  ) {}

  static async start(options: ChaosFleetOptions = {}): Promise<ChaosFleet> {
    const redis = await ChaosRedis.start({ appendOnly: options.appendOnly ?? true });
    let h: FleetHarness | undefined;
    try {
      h = await FleetHarness.start({
        company: { ...CHAOS_COMPANY, ...options.company },
        redisUrl: redis.url,
        ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
        // SafetyAmp's production timeout (the harness's 5 s is shorter than a write held in flight here).
        env: { SAFETYAMP_TIMEOUT_MS: '30000', ...options.env },
      });
      const plan = await desiredPlan(h);
      const fleet = new ChaosFleet(h, redis, plan, writesIn(plan), options);
      const latency = options.latency === undefined ? REALISTIC_LATENCY : options.latency;
      h.safetyamp.setFaults({ ...options.faults, ...(latency !== null ? { latencyMs: latency } : {}) });
      h.safetyamp.clearCalls();
      for (let i = 0; i < (options.producers ?? 2); i++) await fleet.startProducer();
      for (let i = 0; i < (options.workers ?? 3); i++) fleet.startWorker();
      await until(
        async () => (await fleet.heartbeats()).length >= fleet.processes.length,
        'every process to announce itself',
        60_000,
      );
      return fleet;
    } catch (err) {
      await h?.close().catch(() => undefined);
      await redis.remove();
      throw err;
    }
  }

  private spawn(role: FleetProcess['role'], env: NodeJS.ProcessEnv = {}, tap?: RedisTap): FleetProcess {
    const child = this.h.spawnFleet([role], env);
    let logs = '';
    let partial = '';
    const strayLines: string[] = [];
    const keep = (chunk: Buffer): void => {
      const text = chunk.toString();
      logs = (logs + text).slice(-8_000);
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '' && !line.startsWith('{')) strayLines.push(line);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const proc: FleetProcess = { role, child, logs: () => logs, strayLines, ...(tap ? { tap } : {}) };
    this.processes.push(proc);
    return proc;
  }

  startWorker(): FleetProcess {
    return this.spawn('worker');
  }

  async startProducer(): Promise<FleetProcess> {
    if (this.options.producerTapMarker === undefined) return this.spawn('producer');
    const marker = this.options.producerTapMarker(this.h.keyPrefix);
    const tap = await startRedisTap(this.redis.port, (chunk) => {
      if (this.tapTripped || !chunk.includes(marker)) return false;
      this.tapTripped = true;
      return true;
    });
    return this.spawn('producer', { REDIS_URL: tap.url }, tap);
  }

  /** The processes still running. */
  alive(role?: FleetProcess['role']): FleetProcess[] {
    return this.processes.filter(
      (p) => p.child.exitCode === null && p.child.signalCode === null && (!role || p.role === role),
    );
  }

  async kill(proc: FleetProcess, signal: NodeJS.Signals): Promise<void> {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
    const exited = once(proc.child, 'exit');
    proc.child.kill(signal);
    await exited;
  }

  /** `fleet sync --wait --json`, executed by the producers (not inline). */
  sync(): Promise<{ code: number | null; summary: RunSummary; stderr: string }> {
    return this.h.sync([]);
  }

  /** A client of the private Redis for the test's own reads (it rides out restarts). */
  commands(): Redis {
    if (!this.redisClient) {
      this.redisClient = new Redis(this.redis.url, { maxRetriesPerRequest: null });
      this.redisClient.on('error', () => undefined);
    }
    return this.redisClient;
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.commands(), prefix: this.h.keyPrefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async heartbeats(): Promise<WorkerHeartbeat[]> {
    return new WorkerRegistry(this.commands(), this.h.keyPrefix).alive();
  }

  /** The OS process a BullMQ `processedBy` (a worker's or producer's id) names, through the registry's pid. */
  async processNamed(id: string | undefined): Promise<FleetProcess | undefined> {
    const beat = (await this.heartbeats()).find((b) => b.workerId === id);
    return this.processes.find((p) => beat?.pid !== undefined && p.child.pid === beat.pid);
  }

  /** Every entity job active now, with its type. */
  async activeEntityJobs(): Promise<{ type: EntityType; job: Job<EntityJobData> }[]> {
    const found: { type: EntityType; job: Job<EntityJobData> }[] = [];
    for (const type of ENTITY_TYPES) {
      const jobs = (await this.queue(entityQueueName(type)).getActive()) as Job<EntityJobData>[];
      for (const job of jobs) found.push({ type, job });
    }
    return found;
  }

  /** Jobs of `runId` in an entity queue, in any state. */
  async jobsOfRun(type: EntityType, runId: string): Promise<Job<EntityJobData>[]> {
    const jobs = (await this.queue(entityQueueName(type)).getJobs([
      'wait',
      'active',
      'delayed',
      'prioritized',
      'completed',
      'failed',
    ])) as Job<EntityJobData>[];
    return jobs.filter((job) => job.data.runId === runId);
  }

  /** The run jobs being executed now. */
  async activeRuns(): Promise<Job[]> {
    return this.queue(RUNS_QUEUE).getActive();
  }

  /** Writes the simulator holds now (arrived, not yet applied) on `collection`, e.g. `users`. */
  heldWrites(collection?: string): SimCall[] {
    return this.h.safetyamp
      .calls()
      .filter(
        (c) =>
          c.faults?.includes('held') &&
          c.status === 0 &&
          (collection === undefined || c.path === `/api/${collection}`),
      );
  }

  /** Creates the simulator has seen on `collection` so far. */
  posts(collection: string): SimCall[] {
    return this.h.safetyamp.calls().filter((c) => c.method === 'POST' && c.path === `/api/${collection}`);
  }

  async stop(): Promise<void> {
    for (const p of this.processes) p.child.kill('SIGKILL');
    await Promise.all(this.processes.map((p) => p.tap?.close()));
    for (const queue of this.queues.values()) await queue.close().catch(() => undefined);
    this.redisClient?.disconnect();
    await this.h.close().catch(() => undefined);
    await this.redis.remove();
  }
}
