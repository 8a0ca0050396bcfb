import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { ENTITY_TYPES, type EntityType } from '../domain/types.js';
import type { Config } from '../platform/config.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { AuditTrail } from '../state/audit-trail.js';
import { createRedisConnection } from '../queue/connections.js';
import { FleetControl } from '../queue/fleet-control.js';
import { FleetQueues } from '../queue/fleet-queues.js';
import type { EntityJobPolicy } from '../queue/job-options.js';
import type { EntityJobData, EntityJobResult, RunJobData } from '../queue/job-types.js';
import { Mirror } from '../state/mirror.js';
import { RUNS_QUEUE, entityQueueName } from '../queue/names.js';
import { RunRecords, type RunSummary } from '../state/run-records.js';
import { WorkerRegistry } from '../state/worker-registry.js';
import type { RedisRateLimiter, SafetyAmpClient } from '../safetyamp/index.js';
import { CallAccounting } from './call-accounting.js';
import { ChangeApplier } from './change-applier.js';
import { SyncPlanner } from './planner.js';
import { reconcileMirror } from './reconciler.js';
import { RunExecutor } from './run-executor.js';
import { buildRateLimiter, buildSafetyAmpClient } from '../safetyamp/from-config.js';
import { planSettingsFrom } from './plan-settings.js';
import type { ClosableSourceReaders } from './wiring.js';

export type FleetConfig = Config<'redis' | 'safetyamp' | 'vista' | 'graph' | 'samsara' | 'sync' | 'worker'>;

/** The fleet's parts for one process, over one Redis connection; closed together. */
export class FleetRuntime {
  readonly redis: Redis;
  /** A second connection for blocking reads of event streams (QueueEvents), made on first use. */
  private eventsConnection?: Redis;
  readonly queues: FleetQueues;
  readonly runRecords: RunRecords;
  readonly mirror: Mirror;
  readonly audit: AuditTrail;
  readonly control: FleetControl;
  readonly registry: WorkerRegistry;
  readonly limiter: RedisRateLimiter;
  readonly accounting: CallAccounting;
  readonly client: SafetyAmpClient;
  private readersPromise?: Promise<ClosableSourceReaders>;
  readonly planner: SyncPlanner;
  readonly jobPolicy: EntityJobPolicy;
  readonly logger: Logger;
  private readonly workers: Worker[] = [];
  readonly now = (): Date => new Date();

  constructor(readonly config: FleetConfig) {
    const prefix = config.redis.QUEUE_PREFIX;
    this.logger = createLogger('fleet');
    this.redis = createRedisConnection(config.redis.REDIS_URL, 'blocking');
    this.queues = new FleetQueues(this.redis, prefix);
    this.runRecords = new RunRecords(this.redis, prefix);
    this.mirror = new Mirror(this.redis, prefix);
    this.audit = new AuditTrail(this.redis, prefix);
    this.control = new FleetControl(this.queues);
    this.registry = new WorkerRegistry(this.redis, prefix);
    this.limiter = buildRateLimiter(config, this.redis);
    this.accounting = new CallAccounting((runId, calls) => this.runRecords.addCalls(runId, calls));
    this.client = buildSafetyAmpClient(config, this.limiter, () => this.accounting.countCall());
    this.planner = new SyncPlanner({
      readers: () => this.sourceReaders(),
      mirror: this.mirror,
      settings: planSettingsFrom(config.sync),
      now: this.now,
    });
    this.jobPolicy = {
      attempts: config.worker.JOB_ATTEMPTS,
      backoffMs: config.worker.JOB_BACKOFF_MS,
      failedRetentionDays: config.worker.FAILED_JOB_RETENTION_DAYS,
    };
  }

  get events(): Redis {
    this.eventsConnection ??= this.redis.duplicate();
    return this.eventsConnection;
  }

  /** Vista, Graph and Samsara readers, loaded and built on first use (workers rarely need them). */
  sourceReaders(): Promise<ClosableSourceReaders> {
    this.readersPromise ??= import('./wiring.js').then((wiring) => wiring.buildSourceReaders(this.config));
    return this.readersPromise;
  }

  /** Fails fast with a clear message (exit 2) instead of letting commands hang on a Redis that is not there. */
  async assertRedisReachable(timeoutMs = 5_000): Promise<void> {
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`cannot reach Redis at ${withoutPassword(this.config.redis.REDIS_URL)}`)),
        timeoutMs,
      ).unref(),
    );
    await Promise.race([this.redis.ping(), timeout]);
  }

  reconcile(): Promise<unknown> {
    return reconcileMirror(this.client, this.mirror, this.now);
  }

  /** Executes run jobs, one at a time across the whole fleet (BullMQ global concurrency 1). */
  async startRunWorker(): Promise<Worker<RunJobData, RunSummary>> {
    await this.queues.runs.setGlobalConcurrency(1);
    const executor = new RunExecutor({
      queues: this.queues,
      runRecords: this.runRecords,
      mirror: this.mirror,
      planner: this.planner,
      reconcile: () => this.reconcile(),
      accounting: this.accounting,
      jobPolicy: this.jobPolicy,
      now: this.now,
      logger: createLogger('producer'),
    });
    const worker = new Worker<RunJobData, RunSummary>(RUNS_QUEUE, (job) => executor.execute(job), {
      connection: this.redis,
      prefix: this.config.redis.QUEUE_PREFIX,
      concurrency: 1,
      // A run waits for its jobs for as long as they take; its lock is renewed meanwhile.
      lockDuration: this.config.worker.WORKER_LOCK_MS,
      stalledInterval: Math.max(1_000, Math.floor(this.config.worker.WORKER_LOCK_MS / 2)),
      maxStalledCount: 3,
    });
    this.track(worker, 'runs');
    return worker;
  }

  /** Applies entity jobs of the given types (all by default) with the configured concurrency per queue. */
  startEntityWorkers(types: readonly EntityType[] = ENTITY_TYPES): Worker<EntityJobData, EntityJobResult>[] {
    const started = types.map((type) => {
      const worker: Worker<EntityJobData, EntityJobResult> = new Worker<EntityJobData, EntityJobResult>(
        entityQueueName(type),
        (job, token) => this.accounting.forRun(job.data.runId, () => applier.apply(job, token)),
        {
          connection: this.redis,
          prefix: this.config.redis.QUEUE_PREFIX,
          concurrency: this.config.worker.WORKER_CONCURRENCY,
          lockDuration: this.config.worker.WORKER_LOCK_MS,
          stalledInterval: Math.max(1_000, Math.floor(this.config.worker.WORKER_LOCK_MS / 2)),
          maxStalledCount: 5,
        },
      );
      const applier = new ChangeApplier({
        client: this.client,
        redis: this.redis,
        mirror: this.mirror,
        audit: this.audit,
        runRecords: this.runRecords,
        queues: this.queues,
        replan: (t, key) => this.planner.replan(t, key),
        rateLimited: async (ms) => {
          await worker.rateLimit(ms);
          return Worker.RateLimitError();
        },
        now: this.now,
        logger: createLogger('worker'),
      });
      this.track(worker, type);
      return worker;
    });
    return started;
  }

  private track(worker: Worker, name: string): void {
    this.workers.push(worker);
    worker.on('failed', (job, err) => {
      if (!job) return;
      this.logger.warn('job failed', {
        queue: name,
        jobId: job.id,
        attemptsMade: job.attemptsMade,
        reason: err.message,
      });
    });
    worker.on('error', (err) => this.logger.error('worker error', { queue: name, error: err }));
  }

  /** Announces the process to the dashboard every 10 s until closed. */
  heartbeat(workerId: string, queues: string[]): () => void {
    const startedAt = this.now().toISOString();
    const beat = (): void => {
      const state = this.client.breakerState();
      void this.registry
        .beat({
          workerId,
          host: hostname(),
          queues,
          concurrency: this.config.worker.WORKER_CONCURRENCY,
          breaker: state === 'half-open' ? 'halfOpen' : state,
          startedAt,
          seenAt: this.now().toISOString(),
        })
        .catch(() => undefined);
    };
    beat();
    const timer = setInterval(beat, 10_000);
    timer.unref();
    return () => {
      clearInterval(timer);
      void this.registry.remove(workerId).catch(() => undefined);
    };
  }

  /** Stops taking jobs and waits for the active ones up to `timeoutMs`; the rest go back via stall recovery. */
  async closeWorkers(timeoutMs: number): Promise<void> {
    const graceful = Promise.all(this.workers.map((w) => w.close()));
    const timedOut = await Promise.race([
      graceful.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), timeoutMs).unref()),
    ]);
    if (timedOut) {
      this.logger.warn('active jobs did not finish in time: handing them back', { timeoutMs });
      await Promise.all(this.workers.map((w) => w.close(true)));
    }
  }

  private async closeReaders(): Promise<void> {
    if (this.readersPromise) await (await this.readersPromise).close();
  }

  async close(): Promise<void> {
    if (this.redis.status !== 'ready') {
      // Nothing graceful is possible without Redis (closing queues would wait for it): drop the connections.
      this.client.close();
      await this.closeReaders();
      this.eventsConnection?.disconnect();
      this.redis.disconnect();
      return;
    }
    await this.closeWorkers(0).catch(() => undefined);
    this.client.close();
    await this.closeReaders();
    await this.queues.close();
    await this.eventsConnection?.quit().catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
  }
}

export const FLEET_SECTIONS = [
  'redis',
  'logging',
  'safetyamp',
  'vista',
  'graph',
  'samsara',
  'sync',
  'worker',
] as const;

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
