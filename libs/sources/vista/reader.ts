import pRetry from 'p-retry';
import sql from 'mssql';
import type {
  VistaDepartmentRow,
  VistaEmployeeRow,
  VistaJobRow,
  VistaRecentJobRow,
} from '../../domain/types.js';
import { createLogger } from '../../platform/logger.js';
import { createVistaBreaker } from './breaker.js';
import { createChangeFingerprinter } from './change-fingerprint.js';
import { classifyVistaError, isTransientVistaError } from './classify-error.js';
import { collectRows } from './collect-rows.js';
import { observeVistaPool } from './pool-metrics.js';
import { VistaQueryError, VistaUnavailableError } from './errors.js';
import { DEPARTMENTS_SQL, JOBS_SQL, PROBE_SQL, employeesSql, recentJobsSql } from './queries.js';
import { windowStart } from './recent-job-window.js';
import type { VistaReader, VistaReaderOptions } from './types.js';

export { windowStart } from './recent-job-window.js';

interface QueryParameter {
  name: string;
  type: sql.ISqlTypeFactoryWithNoParams;
  value: number | Date;
}

/**
 * The Vista reader: one mssql connection pool (opened on first use), parameterised read-only queries streamed
 * into arrays, retries with backoff after connection failures (p-retry), the driver's request timeout, and a
 * circuit breaker (opossum) whose state is the gauge safetyamp_source_breaker_state{source="vista"}.
 * Rows are passed through as the driver gives them (loosely typed): the domain validates them.
 */
export function createVistaReader(options: VistaReaderOptions): VistaReader {
  if (!Number.isFinite(options.recentJobWindowDays) || options.recentJobWindowDays < 0) {
    throw new RangeError('recentJobWindowDays must be a non-negative number of days');
  }
  const log = createLogger('vista');
  const pool = new sql.ConnectionPool({
    server: options.server,
    port: options.port,
    database: options.database,
    user: options.user,
    password: options.password,
    connectionTimeout: options.connectTimeoutMs ?? 15_000,
    requestTimeout: options.requestTimeoutMs ?? 60_000,
    pool: { max: options.poolMax ?? 5, min: 0, idleTimeoutMillis: options.poolIdleTimeoutMs ?? 30_000 },
    // A pooled connection is checked by its socket, not by a `SELECT 1` round trip before every query: a query
    // on a connection the server dropped fails as a connection loss, which the retries below cover.
    validateConnection: 'socket',
    options: {
      encrypt: options.encrypt,
      trustServerCertificate: options.trustServerCertificate ?? false,
      appName: 'safetyamp-sync',
      readOnlyIntent: true,
    },
  });
  // Without a listener, a connection error the pool re-emits would crash the process.
  pool.on('error', (err: Error) => log.warn('vista connection error', { error: err.message }));
  const stopObserving = observeVistaPool(pool);
  let closed = false;

  const runQuery = async (text: string, parameters: QueryParameter[]): Promise<unknown[]> => {
    if (closed) throw new VistaUnavailableError('the Vista reader is closed', 'ECLOSED');
    await pool.connect();
    const request = pool.request();
    for (const p of parameters) request.input(p.name, p.type, p.value);
    return collectRows<unknown>(request, text);
  };
  const breaker = createVistaBreaker(
    runQuery,
    options.breaker ?? {},
    (err) => classifyVistaError(err) instanceof VistaQueryError,
    log,
  );

  async function query<T>(name: string, text: string, parameters: QueryParameter[]): Promise<T[]> {
    const started = performance.now();
    try {
      const rows = await pRetry(() => breaker.fire(text, parameters), {
        retries: options.retry?.retries ?? 3,
        minTimeout: options.retry?.minDelayMs ?? 500,
        maxTimeout: options.retry?.maxDelayMs ?? 10_000,
        factor: 2,
        randomize: true,
        shouldRetry: ({ error }) => !closed && isTransientVistaError(classifyVistaError(error)),
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          const failure = classifyVistaError(error);
          log.warn('vista query failed', {
            query: name,
            attempt: attemptNumber,
            willRetry: retriesLeft > 0 && isTransientVistaError(failure),
            error: failure.message,
          });
        },
      });
      log.debug('vista query done', {
        query: name,
        rows: rows.length,
        ms: Math.round(performance.now() - started),
      });
      return rows as T[];
    } catch (err) {
      throw classifyVistaError(err);
    }
  }

  const company = (): QueryParameter => ({ name: 'company', type: sql.Int, value: options.company });
  const employeeFilter = (filter?: { employee?: number }): QueryParameter[] =>
    filter?.employee === undefined ? [] : [{ name: 'employee', type: sql.Int, value: filter.employee }];
  const since = (value: Date): QueryParameter => ({ name: 'since', type: sql.DateTime, value });
  const readChangeFingerprint = createChangeFingerprinter({
    query: (name, text, sinceValue) =>
      query(name, text, sinceValue ? [company(), since(sinceValue)] : [company()]),
    windowDays: options.recentJobWindowDays,
    log,
  });

  return {
    readDepartments: () => query<VistaDepartmentRow>('departments', DEPARTMENTS_SQL, [company()]),

    readJobs: () => query<VistaJobRow>('jobs', JOBS_SQL, [company()]),

    readEmployees: (filter) =>
      query<VistaEmployeeRow>('employees', employeesSql(filter?.employee !== undefined), [
        company(),
        ...employeeFilter(filter),
      ]),

    readRecentJobs: (asOf, filter) => {
      if (Number.isNaN(asOf.getTime())) return Promise.reject(new RangeError('asOf must be a valid Date'));
      return query<VistaRecentJobRow>('recent-jobs', recentJobsSql(filter?.employee !== undefined), [
        company(),
        since(windowStart(asOf, options.recentJobWindowDays)),
        ...employeeFilter(filter),
      ]);
    },

    readChangeFingerprint,

    async health() {
      if (closed) return { ok: false, detail: 'reader closed' };
      if (breaker.opened) return { ok: false, detail: `circuit breaker open; ${poolState(pool)}` };
      try {
        await pool.connect();
        const result = await pool.request().query<{ ok: number }>(PROBE_SQL);
        const ok = result.recordset[0]?.ok === 1;
        return {
          ok,
          detail: ok ? poolState(pool) : `SELECT 1 gave an unexpected answer; ${poolState(pool)}`,
        };
      } catch (err) {
        return { ok: false, detail: classifyVistaError(err).message };
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      stopObserving();
      breaker.shutdown();
      if (pool.connecting) await pool.connect().catch(() => undefined);
      await pool
        .close()
        .catch((err: Error) => log.warn('closing the vista pool failed', { error: err.message }));
    },
  };
}

function poolState(pool: sql.ConnectionPool): string {
  if (!pool.connected) return 'pool not connected';
  return `pool connected: ${pool.size} connection(s), ${pool.available} idle, ${pool.borrowed} in use, ${pool.pending} waiting`;
}
