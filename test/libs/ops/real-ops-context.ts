import { DriftLog } from '../../../libs/state/drift-log.js';
import { FleetLogLevel } from '../../../libs/platform/fleet-log-level.js';
import { randomBytes } from 'node:crypto';
import {
  isFailure,
  type OpsActor,
  type OpsContext,
  type OpsRequest,
  type OpsResult,
} from '../../../libs/ops/index.js';
import { createRedisConnection, FleetControl, FleetQueues } from '../../../libs/queue/index.js';
import { RedisRateLimiter } from '../../../libs/safetyamp/rate-limiter.js';
import { FleetCounters } from '../../../libs/state/fleet-counters.js';
import { AuditTrail } from '../../../libs/state/audit-trail.js';
import { OperatorActionLog } from '../../../libs/state/operator-actions.js';
import { RunRecords } from '../../../libs/state/run-records.js';
import { WorkerRegistry } from '../../../libs/state/worker-registry.js';
import { REDIS_URL } from '../../support/dashboard-harness.js';

export const OPERATOR: OpsActor = { name: 'olivia', role: 'operator' };
export const VIEWER: OpsActor = { name: 'victor', role: 'viewer' };

/** A handler request with plain inputs: who asks, and the path parameters, query and body. */
export function request(actor: OpsActor, parts: Partial<Omit<OpsRequest, 'actor'>> = {}): OpsRequest {
  return { actor, params: {}, query: {}, body: undefined, ...parts };
}

/** The error key of a handler's answer; null when it succeeded. */
export function errorKeyOf(result: OpsResult<unknown>): string | null {
  return isFailure(result) ? result.body.error.key : null;
}

/** The body of a handler's answer that must have succeeded. */
export function bodyOf<TBody>(result: OpsResult<TBody>): TBody {
  if (isFailure(result)) throw new Error(`handler answered ${result.status}: ${result.body.error.message}`);
  return result.body;
}

export interface RealOpsContext {
  ctx: OpsContext;
  limiter: RedisRateLimiter;
  close(): Promise<void>;
}

/**
 * What the ops handlers read and drive, over the real Redis under a key prefix of its own: the fleet's queues,
 * run records, audit trail, pause switch, worker registry and the SafetyAmp limiter. `close()` deletes its keys.
 */
export function realOpsContext(rateBudget = { max: 60, windowMs: 61_000 }): RealOpsContext {
  const prefix = `test-ops-${randomBytes(5).toString('hex')}`;
  const redis = createRedisConnection(REDIS_URL);
  const queues = new FleetQueues(redis, prefix);
  const limiter = new RedisRateLimiter({ connection: redis, tenant: 'ops.test', prefix, ...rateBudget });
  const ctx: OpsContext = {
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
  return {
    ctx,
    limiter,
    async close() {
      await queues.close();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}
