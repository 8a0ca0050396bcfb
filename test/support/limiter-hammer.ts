/**
 * One client process of the multi-process rate-budget test: a SafetyAmpClient on the shared Redis limiter that
 * makes one-call reads (`GET /api/users?emp_id=hammer-<id>-<seq>`, one at a time) for a while, then reports.
 *
 * Run by the test with child_process.fork (IPC): it sends `{ type: 'ready' }`, waits for `{ type: 'go' }`,
 * hammers for HAMMER_DURATION_MS and sends `{ type: 'done', report }`. Environment: SA_URL, SA_TOKEN, SA_FQDN,
 * SA_RATE_LIMIT ("20/2s"), LIMITER_PREFIX, HAMMER_ID, HAMMER_DURATION_MS, optional LIMITER_MARGIN_MS and the fleet's
 * Redis variables (REDIS_URL, REDIS_CLUSTER, REDIS_TLS_CA_FILE), read as a fleet process reads them.
 */
import { loadConfig } from '../../libs/platform/config.js';
import { createRedisConnection, redisTargetFrom } from '../../libs/queue/connections.js';
import {
  RedisRateLimiter,
  SafetyAmpClient,
  SafetyAmpRateLimited,
  parseRateLimit,
  type FleetPause,
  type SlotGrant,
} from '../../libs/safetyamp/index.js';

/** What one hammer process did. `slots` maps each emp_id it asked for to its slot time (Redis clock). */
export interface HammerReport {
  id: string;
  ok: number;
  rateLimited: number;
  failures: Record<string, number>;
  slots: Record<string, number>;
  pauses: FleetPause[];
}

/** The real limiter, remembering every slot and pause it handed out, so the test can check causality. */
class RecordingLimiter extends RedisRateLimiter {
  readonly grants: SlotGrant[] = [];
  readonly pauses: FleetPause[] = [];

  override async acquire(options?: { signal?: AbortSignal; holdMs?: number }): Promise<SlotGrant> {
    const grant = await super.acquire(options);
    this.grants.push(grant);
    return grant;
  }

  override async pauseFor(ms: number): Promise<FleetPause> {
    const pause = await super.pauseFor(ms);
    this.pauses.push(pause);
    return pause;
  }
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`limiter-hammer: ${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const id = env('HAMMER_ID');
  const durationMs = Number(env('HAMMER_DURATION_MS'));
  const fqdn = env('SA_FQDN');
  const redis = createRedisConnection(redisTargetFrom(loadConfig(['redis']).redis));
  const margin = process.env.LIMITER_MARGIN_MS;
  const limiter = new RecordingLimiter({
    connection: redis,
    tenant: fqdn,
    prefix: env('LIMITER_PREFIX'),
    ...parseRateLimit(env('SA_RATE_LIMIT')),
    ...(margin ? { marginMs: Number(margin) } : {}),
  });
  const client = new SafetyAmpClient({ baseUrl: env('SA_URL'), token: env('SA_TOKEN'), fqdn, limiter });
  const report: HammerReport = { id, ok: 0, rateLimited: 0, failures: {}, slots: {}, pauses: limiter.pauses };

  await redis.ping();
  // Node loads its fetch machinery and opens the connection on the first call. Done on the simulator's
  // uncounted inspection route, so that the first budgeted call does not arrive hundreds of ms after its slot.
  await (await fetch(`${env('SA_URL')}/__sim/faults`)).text();
  const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
  process.send?.({ type: 'ready' });
  await go;

  const end = Date.now() + durationMs;
  for (let seq = 0; Date.now() < end; seq++) {
    const empId = `hammer-${id}-${seq}`;
    const taken = limiter.grants.length;
    try {
      await client.findUserByEmpId(empId);
      report.ok++;
    } catch (error) {
      if (error instanceof SafetyAmpRateLimited) report.rateLimited++;
      else {
        const name = error instanceof Error ? error.name : 'unknown';
        report.failures[name] = (report.failures[name] ?? 0) + 1;
      }
    }
    // One call at a time, and a one-call read: the slot taken since `taken` is this call's.
    const grant = limiter.grants[taken];
    if (grant) report.slots[empId] = grant.slotAt;
  }

  client.close();
  await redis.quit();
  process.send?.({ type: 'done', report }, () => process.disconnect());
}

main().catch((error: unknown) => {
  process.stderr.write(`limiter-hammer failed: ${String(error)}\n`);
  process.exit(1);
});
