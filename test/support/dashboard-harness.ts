import { DriftLog } from '../../libs/state/drift-log.js';
import { FleetLogLevel } from '../../libs/platform/fleet-log-level.js';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDashboardApp } from '../../apps/dashboard/app.js';
import type { DashboardAuthConfig } from '../../apps/dashboard/auth-config.js';
import { hashPassword } from '../../apps/dashboard/passwords.js';
import { FleetControl, FleetQueues, createRedisConnection } from '../../libs/queue/index.js';
import {
  AuditTrail,
  FleetCounters,
  OperatorActionLog,
  RunRecords,
  WorkerRegistry,
} from '../../libs/state/index.js';
import { RedisRateLimiter } from '../../libs/safetyamp/rate-limiter.js';
import { DashboardClient } from './dashboard-http.js';

export { TEST_REDIS_URL as REDIS_URL } from './redis-url.js';
import { TEST_REDIS_URL as REDIS_URL } from './redis-url.js';
export const OPERATOR = { name: 'olivia', password: 'operator-password-1' };
export const VIEWER = { name: 'victor', password: 'viewer-password-1' };
export const SESSION_SECRET = 'test-session-secret-of-at-least-32-chars';

let hashes: Promise<[string, string]> | undefined;

export interface DashboardHarness {
  baseUrl: string;
  prefix: string;
  redis: ReturnType<typeof createRedisConnection>;
  queues: FleetQueues;
  runRecords: RunRecords;
  audit: AuditTrail;
  counters: FleetCounters;
  actions: OperatorActionLog;
  control: FleetControl;
  workers: WorkerRegistry;
  limiter: RedisRateLimiter;
  rateBudget: { max: number; windowMs: number };
  logLevel: FleetLogLevel;
  drift: DriftLog;
  /** A client with no session. */
  anonymous(): DashboardClient;
  operator(): Promise<DashboardClient>;
  viewer(): Promise<DashboardClient>;
  /** Stops the server and deletes the prefix's keys; `keepKeys` for a second replica that shares them. */
  close(options?: { keepKeys?: boolean }): Promise<void>;
}

export interface HarnessOptions {
  auth?: Partial<DashboardAuthConfig>;
  rateBudget?: { max: number; windowMs: number };
  /** The Redis key prefix; give a second harness the first one's to run two replicas of one dashboard. */
  prefix?: string;
  /** Keys under the prefix belong to someone else (a fleet harness): `close()` leaves them. */
  keepKeys?: boolean;
}

/**
 * The dashboard over real parts: its own Redis key prefix, the fleet's queues and stores, the SafetyAmp rate
 * limiter, listening on 127.0.0.1 with an OS-chosen port. `close()` stops it and deletes every key it made.
 */
export async function startDashboard(options: HarnessOptions = {}): Promise<DashboardHarness> {
  hashes ??= Promise.all([hashPassword(OPERATOR.password), hashPassword(VIEWER.password)]);
  const [operatorHash, viewerHash] = await hashes;
  const prefix = options.prefix ?? `test-dash-${randomBytes(5).toString('hex')}`;
  const redis = createRedisConnection(REDIS_URL);
  // As `fleet dashboard` does (its preflight): serve only once Redis answers, or /ready may see it still connecting.
  await redis.ping();
  const queues = new FleetQueues(redis, prefix);
  const rateBudget = options.rateBudget ?? { max: 60, windowMs: 61_000 };
  const limiter = new RedisRateLimiter({
    connection: redis,
    tenant: 'test.safetyamp.com',
    prefix,
    ...rateBudget,
  });
  const deps = {
    queues,
    runRecords: new RunRecords(redis, prefix),
    audit: new AuditTrail(redis, prefix),
    counters: new FleetCounters(redis, prefix),
    actions: new OperatorActionLog(redis, prefix),
    control: new FleetControl(queues),
    workers: new WorkerRegistry(redis, prefix),
    limiter,
    rateBudget,
    logLevel: new FleetLogLevel(redis, prefix, 'info'),
    drift: new DriftLog(redis, prefix),
  };
  const auth: DashboardAuthConfig = {
    users: [
      { name: OPERATOR.name, role: 'operator', passwordHash: operatorHash },
      { name: VIEWER.name, role: 'viewer', passwordHash: viewerHash },
    ],
    sessionSecret: SESSION_SECRET,
    secureCookies: false,
    ...options.auth,
  };
  const app = createDashboardApp({ ...deps, auth, redis, prefix });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    prefix,
    redis,
    ...deps,
    anonymous: () => new DashboardClient(baseUrl),
    operator: () => new DashboardClient(baseUrl).signIn(OPERATOR.name, OPERATOR.password),
    viewer: () => new DashboardClient(baseUrl).signIn(VIEWER.name, VIEWER.password),
    async close(closeOptions: { keepKeys?: boolean } = {}) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queues.close();
      if (!options.keepKeys && !closeOptions.keepKeys) await deleteKeys(redis, prefix);
      await redis.quit();
    },
  };
}

async function deleteKeys(redis: ReturnType<typeof createRedisConnection>, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}
