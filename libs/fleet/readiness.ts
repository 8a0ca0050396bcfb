import type { RedisClient } from '../platform/redis-client.js';
import type { BreakerState } from '../safetyamp/types.js';
import type { SourceHealth, SourceReadHistory } from '../state/source-health.js';
import { SOURCE_NAMES } from './run/read-sources.js';

/** A source that failed this many reads in a row (or never succeeded) is `down`; fewer is `degraded`. */
export const SOURCE_DOWN_AFTER_FAILURES = 3;
const REDIS_PING_TIMEOUT_MS = 2_000;

export type CheckStatus = 'ok' | 'degraded' | 'down' | 'unknown';

export interface SourceCheck {
  /**
   * ok: the last read succeeded; degraded: it failed, after earlier successes, fewer than 3 times in a row;
   * down: 3 or more failed reads in a row, or none ever succeeded; unknown: no run has read it yet.
   */
  status: CheckStatus;
  /** Seconds since the last read ended (absent when unknown). */
  ageSeconds?: number;
  lastReadAt?: string;
  lastOkAt?: string;
  consecutiveFailures?: number;
  /** The last read's failure in a few words. */
  error?: string;
}

/** What `/ready` answers: the process's verdict and one check per dependency. */
export interface ReadinessReport {
  /** ready: all ok; degraded: useful work still possible (a source or SafetyAmp impaired); not_ready: none. */
  status: 'ready' | 'degraded' | 'not_ready';
  checks: {
    redis: { status: 'ok' | 'down'; error?: string };
    safetyamp: { status: CheckStatus; breaker?: BreakerState };
    sources: Record<string, SourceCheck>;
  };
}

export interface ReadinessProbe {
  /** An existing connection of the process (a probe never opens one). */
  redis: RedisClient;
  sourceHealth: SourceHealth;
  /** The breaker around SafetyAmp this process trips, or the fleet's worst; undefined when there is none to see. */
  breaker: () => BreakerState | undefined | Promise<BreakerState | undefined>;
  now?: () => Date;
}

/**
 * Checks the process's dependencies without spending any SafetyAmp budget or opening a source connection: Redis by a
 * PING over the process's own connection (not even that when the connection is known to be down), SafetyAmp by the
 * circuit breaker's state, each source by the last read a run recorded in Redis. Redis down means nothing useful can
 * be done (not_ready, 503); a breaker not closed or a source not ok leaves the process degraded (200).
 */
export async function checkReadiness(probe: ReadinessProbe): Promise<ReadinessReport> {
  const now = (probe.now ?? (() => new Date()))();
  const redis = await pingRedis(probe.redis);
  const breaker = await probe.breaker();
  const safetyamp = {
    status: breaker === undefined ? 'unknown' : breaker === 'closed' ? 'ok' : 'degraded',
    ...(breaker ? { breaker } : {}),
  } as const;
  const sources: Record<string, SourceCheck> = {};
  // Without Redis there is no read history to tell: the sources are unknown, and the process is not ready anyway.
  const none: Record<string, SourceReadHistory> = {};
  const histories = redis.status === 'ok' ? await probe.sourceHealth.all().catch(() => none) : none;
  for (const source of SOURCE_NAMES) sources[source] = sourceCheck(histories[source], now);
  const status =
    redis.status === 'down'
      ? 'not_ready'
      : safetyamp.status === 'degraded' ||
          Object.values(sources).some((s) => s.status === 'degraded' || s.status === 'down')
        ? 'degraded'
        : 'ready';
  return { status, checks: { redis, safetyamp, sources } };
}

/** A source's check from its read history. */
export function sourceCheck(history: SourceReadHistory | undefined, now: Date): SourceCheck {
  if (!history) return { status: 'unknown' };
  const status: CheckStatus = history.lastReadOk
    ? 'ok'
    : !history.lastOkAt || history.consecutiveFailures >= SOURCE_DOWN_AFTER_FAILURES
      ? 'down'
      : 'degraded';
  return {
    status,
    ageSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(history.lastReadAt)) / 1000)),
    lastReadAt: history.lastReadAt,
    ...(history.lastOkAt ? { lastOkAt: history.lastOkAt } : {}),
    consecutiveFailures: history.consecutiveFailures,
    ...(history.error ? { error: history.error } : {}),
  };
}

async function pingRedis(redis: RedisClient): Promise<ReadinessReport['checks']['redis']> {
  // A connection that is not ready would queue the PING until Redis is back: it is down now.
  if (redis.status !== 'ready') return { status: 'down', error: `connection ${redis.status}` };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer to PING')), REDIS_PING_TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok' };
  } catch (err) {
    return { status: 'down', error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

const BREAKER_SEVERITY: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** The worst of several breakers (the dashboard sees the workers' through their heartbeats). */
export function worstBreaker(states: readonly BreakerState[]): BreakerState | undefined {
  return states.reduce<BreakerState | undefined>(
    (worst, s) => (worst === undefined || BREAKER_SEVERITY[s] > BREAKER_SEVERITY[worst] ? s : worst),
    undefined,
  );
}
