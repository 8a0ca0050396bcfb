import { ENTITY_TYPES, type EntityType } from '../domain/types.js';
import { luaScript } from '../platform/lua-script.js';
import type { RedisClient } from '../platform/redis-client.js';
import { FINAL_RUN_STATUSES, RUN_COUNTERS, type FinalRunStatus, type RunCounter } from './run-records.js';

const COUNT = luaScript(import.meta.url, 'count-fleet-metrics');

/** The kinds a run is counted under: a dry run is a sync that wrote nothing, so it has its own. */
export const RUN_METRIC_KINDS = ['sync', 'dry_run', 'reconcile'] as const;
export type RunMetricKind = (typeof RUN_METRIC_KINDS)[number];

/** The systems of record, as metric labels. */
export const METRIC_SOURCES = ['vista', 'graph', 'samsara'] as const;
export type MetricSource = (typeof METRIC_SOURCES)[number];

/** Why a source read failed, in a few fixed classes (never the message). */
export const SOURCE_ERROR_CLASSES = ['auth', 'timeout', 'unavailable', 'bad_answer', 'other'] as const;
export type SourceErrorClass = (typeof SOURCE_ERROR_CLASSES)[number];

/** Upper bounds (seconds) of the run duration histogram: a run mostly waits for the rate budget. */
export const RUN_DURATION_BUCKETS = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400] as const;
/** Upper bounds (seconds) of the source read histogram. */
export const SOURCE_READ_BUCKETS = [0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] as const;

/** A histogram as Prometheus wants it: cumulative counts per upper bound (same order as the bounds), sum, count. */
export interface HistogramCounts {
  buckets: number[];
  sum: number;
  count: number;
}

/** Everything counted, zero where nothing happened yet. Timestamps are epoch seconds (0 = never). */
export interface FleetCounts {
  runs: Record<RunMetricKind, Record<FinalRunStatus, number>>;
  runDuration: Record<RunMetricKind, HistogramCounts>;
  lastSuccess: Record<RunMetricKind, number>;
  records: Record<EntityType, Record<RunCounter, number>>;
  sources: Record<
    MetricSource,
    {
      reads: HistogramCounts;
      rows: number;
      errors: Record<SourceErrorClass, number>;
      lastSuccess: number;
    }
  >;
}

/** A finished run as the counters need it. */
export interface CountedRun {
  runId: string;
  kind: RunMetricKind;
  status: FinalRunStatus;
  durationSeconds: number;
  finishedAtSeconds: number;
  /** Per type the records' outcomes (not for dry runs: nothing was written). */
  records: Partial<Record<EntityType, Partial<Record<RunCounter, number>>>>;
}

/** One source read as the counters need it. */
export interface CountedSourceRead {
  source: MetricSource;
  ok: boolean;
  durationSeconds: number;
  rows: number;
  atSeconds: number;
  errorClass?: SourceErrorClass;
}

/** A run "succeeded" when it did its work: everything valid was written (invalid records do not stall the sync). */
export const SUCCESSFUL_RUN_STATUSES: readonly FinalRunStatus[] = ['completed', 'completed_with_errors'];

const COUNTED_MARKER_TTL_MS = 7 * 24 * 3600_000;

interface CounterCommands {
  safetyampCountFleetMetrics(
    marker: string,
    hash: string,
    ttlMs: string,
    ...ops: (string | number)[]
  ): Promise<number>;
}

type Op = ['incr' | 'max', string, number];

/**
 * The fleet's Prometheus counters, kept in Redis (one hash under the queue prefix) where the thing counted happens:
 * runs and their records where a run finishes, source reads where the sources are read. Every dashboard replica
 * reads the same numbers at its scrape, so a counter never restarts with a process and two replicas never disagree.
 */
export class FleetCounters {
  private readonly redis: RedisClient & CounterCommands;

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
  ) {
    const commands = redis as RedisClient & Partial<CounterCommands>;
    if (!commands.safetyampCountFleetMetrics) {
      redis.defineCommand('safetyampCountFleetMetrics', { lua: COUNT, numberOfKeys: 2 });
    }
    this.redis = redis as RedisClient & CounterCommands;
  }

  private get hashKey(): string {
    return `${this.prefix}:metrics`;
  }

  /** Counts a finished run once, however often it is reported. Resolves true when it was counted now. */
  async countRun(run: CountedRun): Promise<boolean> {
    const ops: Op[] = [['incr', `runs:${run.kind}:${run.status}`, 1]];
    ops.push(...histogramOps(`run_seconds:${run.kind}`, RUN_DURATION_BUCKETS, run.durationSeconds));
    if (SUCCESSFUL_RUN_STATUSES.includes(run.status))
      ops.push(['max', `last_success:${run.kind}`, run.finishedAtSeconds]);
    for (const [type, counts] of Object.entries(run.records))
      for (const [outcome, n] of Object.entries(counts ?? {}))
        if (n) ops.push(['incr', `records:${type}:${outcome}`, n]);
    const counted = await this.redis.safetyampCountFleetMetrics(
      `${this.prefix}:metrics:counted:${run.runId}`,
      this.hashKey,
      String(COUNTED_MARKER_TTL_MS),
      ...flatten(ops),
    );
    return counted === 1;
  }

  /** Counts the source reads of one plan. */
  async countSourceReads(reads: readonly CountedSourceRead[]): Promise<void> {
    const ops: Op[] = [];
    for (const read of reads) {
      ops.push(...histogramOps(`source_seconds:${read.source}`, SOURCE_READ_BUCKETS, read.durationSeconds));
      if (read.ok) {
        ops.push(['incr', `source_rows:${read.source}`, read.rows]);
        ops.push(['max', `source_last_success:${read.source}`, read.atSeconds]);
      } else {
        ops.push(['incr', `source_errors:${read.source}:${read.errorClass ?? 'other'}`, 1]);
      }
    }
    if (ops.length)
      await this.redis.safetyampCountFleetMetrics(this.hashKey, this.hashKey, '', ...flatten(ops));
  }

  /**
   * How long the fleet has been paused, in seconds (0 when it is not): the first dashboard to see it paused notes
   * the time (every replica notes the same, the first one wins), seeing it running forgets it. BullMQ keeps no time
   * with its pause flag, so this is when a scrape first saw the pause (within one scrape interval).
   */
  async pausedForSeconds(paused: boolean, now: Date): Promise<number> {
    const key = `${this.prefix}:metrics:paused-since`;
    if (!paused) {
      await this.redis.del(key);
      return 0;
    }
    await this.redis.set(key, String(now.getTime()), 'NX');
    const since = Number((await this.redis.get(key)) ?? now.getTime());
    return Math.max(0, (now.getTime() - since) / 1000);
  }

  async read(): Promise<FleetCounts> {
    const hash = await this.redis.hgetall(this.hashKey);
    const n = (field: string): number => Number(hash[field] ?? 0);
    const histogram = (base: string, bounds: readonly number[]): HistogramCounts => ({
      buckets: bounds.map((le) => n(`${base}:le:${le}`)),
      sum: n(`${base}:sum`),
      count: n(`${base}:count`),
    });
    const byKind = <T>(of: (kind: RunMetricKind) => T): Record<RunMetricKind, T> =>
      Object.fromEntries(RUN_METRIC_KINDS.map((k) => [k, of(k)])) as Record<RunMetricKind, T>;
    return {
      runs: byKind(
        (kind) =>
          Object.fromEntries(FINAL_RUN_STATUSES.map((s) => [s, n(`runs:${kind}:${s}`)])) as Record<
            FinalRunStatus,
            number
          >,
      ),
      runDuration: byKind((kind) => histogram(`run_seconds:${kind}`, RUN_DURATION_BUCKETS)),
      lastSuccess: byKind((kind) => n(`last_success:${kind}`)),
      records: Object.fromEntries(
        ENTITY_TYPES.map((t) => [
          t,
          Object.fromEntries(RUN_COUNTERS.map((c) => [c, n(`records:${t}:${c}`)])),
        ]),
      ) as FleetCounts['records'],
      sources: Object.fromEntries(
        METRIC_SOURCES.map((s) => [
          s,
          {
            reads: histogram(`source_seconds:${s}`, SOURCE_READ_BUCKETS),
            rows: n(`source_rows:${s}`),
            errors: Object.fromEntries(SOURCE_ERROR_CLASSES.map((c) => [c, n(`source_errors:${s}:${c}`)])),
            lastSuccess: n(`source_last_success:${s}`),
          },
        ]),
      ) as FleetCounts['sources'],
    };
  }
}

/** The increments one observation makes to a cumulative histogram kept as hash fields. */
function histogramOps(base: string, bounds: readonly number[], value: number): Op[] {
  const ops: Op[] = bounds.filter((le) => value <= le).map((le): Op => ['incr', `${base}:le:${le}`, 1]);
  ops.push(['incr', `${base}:sum`, value], ['incr', `${base}:count`, 1]);
  return ops;
}

function flatten(ops: readonly Op[]): (string | number)[] {
  return ops.flatMap(([op, field, value]) => [op, 2, field, value]);
}
