import { tracingChannel } from 'node:diagnostics_channel';
import type sql from 'mssql';
import { Gauge, Histogram } from 'prom-client';
import { metricsRegistry, singletonMetric } from '../../platform/metrics.js';

/*
 * The Vista connection pool on /metrics: its connections by state, read at each scrape, and the time a query waits
 * for a connection, from the driver's own diagnostics channel `mssql:pool:acquire` (mssql ≥ 12).
 */

const pools = new Set<sql.ConnectionPool>();

const POOL_STATES = {
  size: 'Connections in the pool (idle, in use and being opened)',
  available: 'Idle connections ready to be borrowed',
  borrowed: 'Connections in use by a query',
  pending: 'Queries waiting for a connection',
} as const;

function poolGauge(state: keyof typeof POOL_STATES): void {
  const name = `safetyamp_mssql_pool_${state}`;
  singletonMetric(
    name,
    () =>
      new Gauge({
        name,
        help: `Vista mssql pool: ${POOL_STATES[state]} (0 while the pool is not open)`,
        labelNames: ['source'],
        registers: [metricsRegistry],
        collect() {
          let value = 0;
          for (const pool of pools) if (pool.connected) value += pool[state];
          this.set({ source: 'vista' }, value);
        },
      }),
  );
}

const acquireSeconds = (): Histogram =>
  singletonMetric(
    'safetyamp_mssql_pool_acquire_seconds',
    () =>
      new Histogram({
        name: 'safetyamp_mssql_pool_acquire_seconds',
        help: 'Time a Vista query waited to borrow a pooled connection (opening one included), by outcome',
        labelNames: ['source', 'outcome'],
        buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 15],
        registers: [metricsRegistry],
      }),
  );

let subscribed = false;

function subscribeAcquireTimes(): void {
  if (subscribed) return;
  subscribed = true;
  for (const outcome of ['ok', 'failed']) acquireSeconds().zero({ source: 'vista', outcome });
  const timers = new WeakMap<object, { stop: (labels: { outcome: string }) => number; failed: boolean }>();
  // A traced promise publishes start, then (on rejection) error, then asyncEnd in either case.
  tracingChannel<unknown, object>('mssql:pool:acquire').subscribe({
    start(context) {
      timers.set(context, { stop: acquireSeconds().startTimer({ source: 'vista' }), failed: false });
    },
    end() {},
    asyncStart() {},
    error(context) {
      const timer = timers.get(context);
      if (timer) timer.failed = true;
    },
    asyncEnd(context) {
      const timer = timers.get(context);
      if (!timer) return;
      timers.delete(context);
      timer.stop({ outcome: timer.failed ? 'failed' : 'ok' });
    },
  });
}

/** Reports `pool` on /metrics until the returned undo is called (when the reader closes). */
export function observeVistaPool(pool: sql.ConnectionPool): () => void {
  for (const state of Object.keys(POOL_STATES) as (keyof typeof POOL_STATES)[]) poolGauge(state);
  subscribeAcquireTimes();
  pools.add(pool);
  return () => pools.delete(pool);
}
