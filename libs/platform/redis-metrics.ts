import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry, singletonMetric } from './metrics.js';
import type { RedisClient } from './redis-client.js';

/*
 * The Redis connection as this process sees it: connected or not, and how long a PING takes (measured at each
 * scrape, so the latency is sampled as often as Prometheus looks). With `server`, also what the server says of
 * evictions: the fleet's jobs and state must never be evicted (docs/deploy.md), and an evicting Redis silently
 * loses jobs.
 */

const PING_TIMEOUT_MS = 2_000;

interface Observed {
  client: RedisClient;
  role: string;
  server: boolean;
}

const observed = new Set<Observed>();

const pingDuration = (): Histogram =>
  singletonMetric(
    'safetyamp_redis_ping_duration_seconds',
    () =>
      new Histogram({
        name: 'safetyamp_redis_ping_duration_seconds',
        help: 'Round trip of a PING on the connection, measured at each scrape (a command latency sample)',
        labelNames: ['role'],
        buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
        registers: [metricsRegistry],
      }),
  );

const pingFailures = (): Counter =>
  singletonMetric(
    'safetyamp_redis_ping_failures_total',
    () =>
      new Counter({
        name: 'safetyamp_redis_ping_failures_total',
        help: 'PINGs at scrape time that failed or took longer than 2 s',
        labelNames: ['role'],
        registers: [metricsRegistry],
      }),
  );

async function timedPing(o: Observed): Promise<boolean> {
  const stop = pingDuration().startTimer({ role: o.role });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      o.client.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('ping timed out')), PING_TIMEOUT_MS);
      }),
    ]);
    stop();
    return true;
  } catch {
    pingFailures().inc({ role: o.role });
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function ensureMetrics(): void {
  pingDuration();
  pingFailures();
  singletonMetric(
    'safetyamp_redis_up',
    () =>
      new Gauge({
        name: 'safetyamp_redis_up',
        help: '1 when the Redis connection is ready and answered a PING at this scrape, else 0',
        labelNames: ['role'],
        registers: [metricsRegistry],
        async collect() {
          await Promise.all(
            [...observed].map(async (o) => {
              const up = o.client.status === 'ready' && (await timedPing(o));
              this.set({ role: o.role }, up ? 1 : 0);
            }),
          );
        },
      }),
  );
}

/** Only where a process reads the server's facts: elsewhere an unset gauge would read 0 (evicting). */
function ensureServerMetrics(): void {
  singletonMetric(
    'safetyamp_redis_evicted_keys_total',
    () =>
      new Gauge({
        name: 'safetyamp_redis_evicted_keys_total',
        help: 'Keys the Redis server evicted since it started (INFO stats evicted_keys): must stay 0',
        registers: [metricsRegistry],
        async collect() {
          const info = await serverInfo();
          if (info) this.set(info.evictedKeys);
        },
      }),
  );
  singletonMetric(
    'safetyamp_redis_noeviction',
    () =>
      new Gauge({
        name: 'safetyamp_redis_noeviction',
        help: '1 when the Redis server is set to maxmemory-policy noeviction (what the fleet needs), else 0',
        registers: [metricsRegistry],
        async collect() {
          const info = await serverInfo();
          if (info) this.set(info.noeviction ? 1 : 0);
        },
      }),
  );
}

/** The server's eviction facts, read once per scrape however many gauges want them. */
let infoRead: { at: number; value: Promise<{ evictedKeys: number; noeviction: boolean } | null> } | null =
  null;

function serverInfo(): Promise<{ evictedKeys: number; noeviction: boolean } | null> {
  const o = [...observed].find((x) => x.server);
  if (!o) return Promise.resolve(null);
  if (infoRead && Date.now() - infoRead.at < 1_000) return infoRead.value;
  const value = (async () => {
    if (o.client.status !== 'ready') return null;
    try {
      const text = await o.client.info();
      const field = (name: string): string | undefined =>
        new RegExp(`^${name}:(.*)$`, 'm').exec(text)?.[1]?.trim();
      return {
        evictedKeys: Number(field('evicted_keys') ?? 0),
        noeviction: field('maxmemory_policy') === 'noeviction',
      };
    } catch {
      return null;
    }
  })();
  infoRead = { at: Date.now(), value };
  return value;
}

/**
 * Reports `client` on this process's /metrics under `role` (`commands`): connection state, PING latency and, with
 * `server`, the server's evictions. Returns the undo.
 */
export function observeRedis(
  client: RedisClient,
  role: string,
  options: { server?: boolean } = {},
): () => void {
  ensureMetrics();
  if (options.server) ensureServerMetrics();
  const entry = { client, role, server: options.server === true };
  observed.add(entry);
  if (![...observed].some((o) => o !== entry && o.role === role)) {
    pingDuration().zero({ role });
    pingFailures().inc({ role }, 0);
  }
  return () => observed.delete(entry);
}
