import {
  ENTITY_TYPES,
  type EntityType,
  type InvalidRecord,
  type PlanBlock,
  type PlannedChange,
} from '../domain/types.js';
import { luaScript } from '../platform/lua-script.js';
import type { RunTrigger } from '../queue/job-types.js';
import type { RedisClient } from '../platform/redis-client.js';

const START_RUN = luaScript(import.meta.url, 'start-run');
const SETTLE_JOB = luaScript(import.meta.url, 'settle-job');

export const RUN_COUNTERS = [
  'created',
  'updated',
  'deactivated',
  'unchanged',
  'invalid',
  'failed',
  'skipped',
] as const;
export type RunCounter = (typeof RUN_COUNTERS)[number];
export type EntityCounts = Record<RunCounter, number>;

/** Where a run is: planning and running while it executes, then one of the final statuses. */
export type RunStatus = 'planning' | 'running' | FinalRunStatus;
export type FinalRunStatus = 'completed' | 'completed_with_errors' | 'failed' | 'blocked' | 'timed_out';
export const FINAL_RUN_STATUSES: readonly FinalRunStatus[] = [
  'completed',
  'completed_with_errors',
  'failed',
  'blocked',
  'timed_out',
];

export interface RunFailure {
  type: EntityType;
  key: string;
  jobId: string;
  reason: string;
}

/** A type not planned because a source it needs could not be read. */
export interface SkippedType {
  type: EntityType;
  source: string;
  reason: string;
}

/** The run summary of DESIGN.md: per entity type the counts, and for the run the calls and the times. */
export type RunSummary = {
  runId: string;
  kind: 'sync' | 'reconcile';
  trigger: RunTrigger;
  dryRun: boolean;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  /** When the run gives up waiting for its jobs (null until its jobs are enqueued). */
  deadlineAt: string | null;
  safetyampCalls: number;
  error: string | null;
  blocked: PlanBlock[];
  skipped: SkippedType[];
  /** For a timed-out run: its jobs still queued or running when it gave up, by type. */
  unfinished: Partial<Record<EntityType, number>>;
  invalid: InvalidRecord[];
  failures: RunFailure[];
} & Record<EntityType, EntityCounts>;

/**
 * Scheduled runs that found nothing to do, kept as a count instead of a record each (a one-minute schedule makes
 * 1,440 a day): how many, since when, and the last one.
 */
export interface QuietRuns {
  count: number;
  since: string | null;
  lastAt: string | null;
  /** How long the last one took, start to finish. */
  lastDurationMs: number | null;
}

/** How long run records are kept, and at most how many. */
export interface RunRetention {
  maxAgeMs: number;
  maxRuns: number;
}

const KEEP_DETAILS = 5_000;

interface RunCommands {
  safetyampStartRun(
    run: string,
    index: string,
    runId: string,
    kind: string,
    trigger: string,
    dryRun: string,
    nowIso: string,
    nowMs: number,
    retentionMs: number,
    runKeyPrefix: string,
    maxRuns: number,
  ): Promise<number>;
  safetyampSettleJob(
    run: string,
    settled: string,
    failures: string,
    jobId: string,
    counter: string,
    failure: string,
    keepFailures: number,
    ttlMs: number,
  ): Promise<number>;
}

/** Run records in Redis: one hash per run plus lists of invalid records, failures and (dry runs) the plan. */
export class RunRecords {
  private readonly redis: RedisClient & RunCommands;

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
    private readonly retention: RunRetention = { maxAgeMs: 30 * 24 * 3600_000, maxRuns: 50_000 },
  ) {
    const commands = redis as RedisClient & Partial<RunCommands>;
    if (!commands.safetyampStartRun) {
      redis.defineCommand('safetyampStartRun', { lua: START_RUN, numberOfKeys: 2 });
      redis.defineCommand('safetyampSettleJob', { lua: SETTLE_JOB, numberOfKeys: 3 });
    }
    this.redis = redis as RedisClient & RunCommands;
  }

  private key(runId: string, part = ''): string {
    return `${this.prefix}:run:${runId}${part}`;
  }

  private get indexKey(): string {
    return `${this.prefix}:runs`;
  }

  private get quietKey(): string {
    return `${this.prefix}:runs:quiet`;
  }

  /** Folds a finished quiet run into the quiet-run count: its record goes, the count and its time stay. */
  async foldQuiet(runId: string, at: Date, durationMs: number): Promise<void> {
    await this.redis
      .multi()
      .del(
        this.key(runId),
        this.key(runId, ':invalid'),
        this.key(runId, ':failures'),
        this.key(runId, ':settled'),
        this.key(runId, ':plan'),
      )
      .zrem(this.indexKey, runId)
      .hincrby(this.quietKey, 'count', 1)
      .hsetnx(this.quietKey, 'since', at.toISOString())
      .hset(this.quietKey, { lastAt: at.toISOString(), lastDurationMs: String(Math.round(durationMs)) })
      .exec();
  }

  async quietRuns(): Promise<QuietRuns> {
    const hash = await this.redis.hgetall(this.quietKey);
    return {
      count: Number(hash.count ?? 0),
      since: hash.since ?? null,
      lastAt: hash.lastAt ?? null,
      lastDurationMs: hash.lastDurationMs ? Number(hash.lastDurationMs) : null,
    };
  }

  /**
   * Creates the record (and forgets runs past the retention), or leaves an existing one (a run job executed again
   * continues its run), in one atomic step. Resolves true when the record was created.
   */
  async start(
    runId: string,
    kind: RunSummary['kind'],
    trigger: RunTrigger,
    dryRun: boolean,
    now: Date,
  ): Promise<boolean> {
    const created = await this.redis.safetyampStartRun(
      this.key(runId),
      this.indexKey,
      runId,
      kind,
      trigger,
      dryRun ? '1' : '0',
      now.toISOString(),
      now.getTime(),
      this.retention.maxAgeMs,
      this.key(''),
      this.retention.maxRuns,
    );
    return created === 1;
  }

  async setRunning(runId: string, deadline: Date): Promise<void> {
    await this.redis.hset(this.key(runId), { status: 'running', deadlineAt: deadline.toISOString() });
  }

  /**
   * Records what the plan decided in one transaction: per type the counts it knows (unchanged, invalid, skipped; for
   * a dry run also what it would create, update, deactivate), the invalid records and the skipped types.
   */
  async recordPlan(
    runId: string,
    counts: Partial<Record<EntityType, Partial<EntityCounts>>>,
    invalid: InvalidRecord[],
    skipped: SkippedType[],
  ): Promise<void> {
    const fields: Record<string, number | string> = { skipped: JSON.stringify(skipped) };
    for (const [type, c] of Object.entries(counts))
      for (const [counter, n] of Object.entries(c ?? {})) fields[`${type}.${counter}`] = n ?? 0;
    const multi = this.redis.multi().hset(this.key(runId), fields).del(this.key(runId, ':invalid'));
    const kept = invalid.slice(0, KEEP_DETAILS);
    if (kept.length) multi.rpush(this.key(runId, ':invalid'), ...kept.map((r) => JSON.stringify(r)));
    await multi.exec();
  }

  /** A dry run's plan, for the dashboard and the CLI to show (bounded). */
  async recordPlannedChanges(runId: string, changes: PlannedChange[]): Promise<void> {
    const multi = this.redis.multi().del(this.key(runId, ':plan'));
    const kept = changes.slice(0, KEEP_DETAILS);
    if (kept.length) multi.rpush(this.key(runId, ':plan'), ...kept.map((c) => JSON.stringify(c)));
    await multi.exec();
  }

  async plannedChanges(runId: string, offset = 0, limit = 500): Promise<PlannedChange[]> {
    const raw = await this.redis.lrange(this.key(runId, ':plan'), offset, offset + limit - 1);
    return raw.map((r) => JSON.parse(r) as PlannedChange);
  }

  /**
   * Counts a job of the run that settled — written (created, updated, deactivated), found unchanged, or failed with
   * its reason — once per job, however often it is reported.
   */
  async settleJob(
    runId: string,
    jobId: string,
    type: EntityType,
    outcome: 'created' | 'updated' | 'deactivated' | 'unchanged' | 'failed',
    failure?: RunFailure,
  ): Promise<boolean> {
    const counted = await this.redis.safetyampSettleJob(
      this.key(runId),
      this.key(runId, ':settled'),
      this.key(runId, ':failures'),
      jobId,
      `${type}.${outcome}`,
      failure ? JSON.stringify(failure) : '',
      KEEP_DETAILS,
      this.retention.maxAgeMs,
    );
    return counted === 1;
  }

  async addCalls(runId: string, calls: number): Promise<void> {
    if (calls > 0) await this.redis.hincrby(this.key(runId), 'safetyampCalls', calls);
  }

  /**
   * Ends the run. A run that completed with invalid, failed or skipped records ends `completed_with_errors`, so
   * that nobody mistakes a partial sync for a complete one.
   */
  async finish(
    runId: string,
    outcome: Exclude<FinalRunStatus, 'completed_with_errors'>,
    now: Date,
    details: { error?: string; blocked?: PlanBlock[]; unfinished?: Partial<Record<EntityType, number>> } = {},
  ): Promise<FinalRunStatus> {
    let status: FinalRunStatus = outcome;
    if (outcome === 'completed') {
      const run = await this.get(runId);
      if (run && hasErrors(run)) status = 'completed_with_errors';
    }
    await this.redis.hset(this.key(runId), {
      status,
      finishedAt: now.toISOString(),
      ...(details.error ? { error: details.error } : {}),
      ...(details.blocked ? { blocked: JSON.stringify(details.blocked) } : {}),
      ...(details.unfinished ? { unfinished: JSON.stringify(details.unfinished) } : {}),
    });
    return status;
  }

  async get(runId: string): Promise<RunSummary | null> {
    const [hash, invalid, failures] = await Promise.all([
      this.redis.hgetall(this.key(runId)),
      this.redis.lrange(this.key(runId, ':invalid'), 0, -1),
      this.redis.lrange(this.key(runId, ':failures'), 0, -1),
    ]);
    if (!hash.runId) return null;
    const summary = {
      runId: hash.runId,
      kind: (hash.kind ?? 'sync') as RunSummary['kind'],
      trigger: (hash.trigger ?? 'cli') as RunTrigger,
      dryRun: hash.dryRun === '1',
      status: (hash.status ?? 'planning') as RunStatus,
      startedAt: hash.startedAt ?? '',
      finishedAt: hash.finishedAt ?? null,
      deadlineAt: hash.deadlineAt ?? null,
      safetyampCalls: Number(hash.safetyampCalls ?? 0),
      error: hash.error ?? null,
      blocked: parseList<PlanBlock>(hash.blocked),
      skipped: parseList<SkippedType>(hash.skipped),
      unfinished: hash.unfinished ? (JSON.parse(hash.unfinished) as RunSummary['unfinished']) : {},
      invalid: invalid.map((r) => JSON.parse(r) as InvalidRecord),
      failures: failures.map((r) => JSON.parse(r) as RunFailure),
    } as RunSummary;
    for (const type of ENTITY_TYPES) {
      summary[type] = Object.fromEntries(
        RUN_COUNTERS.map((c) => [c, Number(hash[`${type}.${c}`] ?? 0)]),
      ) as EntityCounts;
    }
    return summary;
  }

  /** Newest first. */
  async list(limit = 20): Promise<RunSummary[]> {
    const ids = await this.redis.zrevrange(this.indexKey, 0, limit - 1);
    const runs = await Promise.all(ids.map((id) => this.get(id)));
    return runs.filter((r): r is RunSummary => r !== null);
  }
}

function parseList<T>(raw: string | undefined): T[] {
  return raw ? (JSON.parse(raw) as T[]) : [];
}

/**
 * A scheduled sync that found nothing to do: no write, no call, nothing failed or skipped, and no invalid record
 * but those the last kept run already reported (a company always has a few; the kept run still shows them). Such
 * runs are counted, not kept (foldQuiet).
 */
export function isQuiet(run: RunSummary, lastKept: RunSummary | undefined): boolean {
  const sameInvalid = (): boolean =>
    lastKept !== undefined && invalidSignature(run) === invalidSignature(lastKept);
  return (
    run.kind === 'sync' &&
    run.trigger === 'schedule' &&
    !run.dryRun &&
    (run.status === 'completed' || (run.status === 'completed_with_errors' && sameInvalid())) &&
    run.safetyampCalls === 0 &&
    run.skipped.length === 0 &&
    ENTITY_TYPES.every((t) => run[t].created + run[t].updated + run[t].deactivated + run[t].failed === 0)
  );
}

function invalidSignature(run: RunSummary): string {
  return run.invalid
    .map((r) => `${r.type}\u0000${r.key}\u0000${r.field}\u0000${r.reason}`)
    .sort()
    .join('\n');
}

/** Whether a run left records unsynced: invalid, failed, or skipped for want of a source. */
export function hasErrors(run: RunSummary): boolean {
  return run.skipped.length > 0 || ENTITY_TYPES.some((t) => run[t].invalid > 0 || run[t].failed > 0);
}
