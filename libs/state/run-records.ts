import type { ChainableCommander, Redis } from 'ioredis';
import {
  ENTITY_TYPES,
  type EntityType,
  type InvalidRecord,
  type PlanBlock,
  type PlannedChange,
} from '../domain/types.js';
import type { RunTrigger } from '../queue/job-types.js';

export const RUN_COUNTERS = ['created', 'updated', 'deactivated', 'unchanged', 'invalid', 'failed'] as const;
export type RunCounter = (typeof RUN_COUNTERS)[number];
export type EntityCounts = Record<RunCounter, number>;

export type RunStatus = 'planning' | 'running' | 'completed' | 'failed' | 'blocked';

export interface RunFailure {
  type: EntityType;
  key: string;
  jobId: string;
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
  safetyampCalls: number;
  error: string | null;
  blocked: PlanBlock[];
  invalid: InvalidRecord[];
  failures: RunFailure[];
} & Record<EntityType, EntityCounts>;

const KEEP_RUNS = 100;
const KEEP_DETAILS = 5_000;

/** Run records in Redis: one hash per run plus lists of invalid records and failures; the last 100 runs kept. */
export class RunRecords {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(runId: string, part = ''): string {
    return `${this.prefix}:run:${runId}${part}`;
  }

  private get indexKey(): string {
    return `${this.prefix}:runs`;
  }

  /** Creates the record, or leaves an existing one (a retried run job continues its run). */
  async start(
    runId: string,
    kind: RunSummary['kind'],
    trigger: RunTrigger,
    dryRun: boolean,
    now: Date,
  ): Promise<void> {
    const created = await this.redis.hsetnx(this.key(runId), 'startedAt', now.toISOString());
    await this.redis.hset(this.key(runId), {
      runId,
      kind,
      trigger,
      dryRun: dryRun ? '1' : '0',
      status: 'planning',
    });
    if (created) {
      await this.redis.zadd(this.indexKey, now.getTime(), runId);
      await this.trim();
    }
  }

  async setStatus(runId: string, status: RunStatus, error?: string): Promise<void> {
    await this.redis.hset(this.key(runId), { status, ...(error ? { error } : {}) });
  }

  async setBlocked(runId: string, blocked: PlanBlock[]): Promise<void> {
    await this.redis.hset(this.key(runId), { status: 'blocked', blocked: JSON.stringify(blocked) });
  }

  /** Replaces the counts a plan decided (unchanged, invalid) and the invalid records of the run. */
  async recordPlan(
    runId: string,
    counts: Partial<Record<EntityType, Partial<EntityCounts>>>,
    invalid: InvalidRecord[],
  ): Promise<void> {
    const fields: Record<string, number> = {};
    for (const [type, c] of Object.entries(counts))
      for (const [counter, n] of Object.entries(c ?? {})) fields[`${type}.${counter}`] = n ?? 0;
    const multi = this.redis.multi();
    if (Object.keys(fields).length) multi.hset(this.key(runId), fields);
    multi.del(this.key(runId, ':invalid'));
    const kept = invalid.slice(0, KEEP_DETAILS);
    if (kept.length) multi.rpush(this.key(runId, ':invalid'), ...kept.map((r) => JSON.stringify(r)));
    await multi.exec();
  }

  /** A dry run's plan, for the dashboard to show (bounded). */
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

  async increment(runId: string, type: EntityType, counter: RunCounter, by = 1): Promise<void> {
    await this.redis.hincrby(this.key(runId), `${type}.${counter}`, by);
  }

  /** `increment` as part of a caller's transaction. */
  incrementInto(
    multi: ChainableCommander,
    runId: string,
    type: EntityType,
    counter: RunCounter,
  ): ChainableCommander {
    return multi.hincrby(this.key(runId), `${type}.${counter}`, 1);
  }

  async addCalls(runId: string, calls: number): Promise<void> {
    if (calls > 0) await this.redis.hincrby(this.key(runId), 'safetyampCalls', calls);
  }

  async recordFailure(runId: string, failure: RunFailure): Promise<void> {
    await this.redis
      .multi()
      .hincrby(this.key(runId), `${failure.type}.failed`, 1)
      .rpush(this.key(runId, ':failures'), JSON.stringify(failure))
      .ltrim(this.key(runId, ':failures'), -KEEP_DETAILS, -1)
      .exec();
  }

  async finish(runId: string, status: RunStatus, now: Date, error?: string): Promise<void> {
    await this.redis.hset(this.key(runId), {
      status,
      finishedAt: now.toISOString(),
      ...(error ? { error } : {}),
    });
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
      safetyampCalls: Number(hash.safetyampCalls ?? 0),
      error: hash.error ?? null,
      blocked: hash.blocked ? (JSON.parse(hash.blocked) as PlanBlock[]) : [],
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
    const ids = await this.redis.zrevrange(this.indexKey, 0, Math.min(limit, KEEP_RUNS) - 1);
    const runs = await Promise.all(ids.map((id) => this.get(id)));
    return runs.filter((r): r is RunSummary => r !== null);
  }

  private async trim(): Promise<void> {
    const stale = await this.redis.zrange(this.indexKey, 0, String(-(KEEP_RUNS + 1)));
    if (!stale.length) return;
    const multi = this.redis.multi().zrem(this.indexKey, ...stale);
    for (const id of stale)
      multi.del(this.key(id), this.key(id, ':invalid'), this.key(id, ':failures'), this.key(id, ':plan'));
    await multi.exec();
  }
}

/**
 * Exit code of `fleet sync`: 0 all synced; 1 some records failed or were invalid, or the mass-change guard blocked
 * the plan; 2 the run itself failed (a source or SafetyAmp unreachable, a configuration error).
 */
export function runExitCode(summary: RunSummary): 0 | 1 | 2 {
  if (summary.status === 'failed') return 2;
  if (summary.status !== 'completed') return 1;
  return ENTITY_TYPES.some((t) => summary[t].invalid > 0 || summary[t].failed > 0) ? 1 : 0;
}
