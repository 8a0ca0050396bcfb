import type { Config } from '../../platform/config.js';
import { FleetLogLevel } from '../../platform/fleet-log-level.js';
import type { OpsContext } from '../../ops/context.js';
import type { RedisConnections } from '../../queue/connections.js';
import { FleetControl } from '../../queue/fleet-control.js';
import { FleetQueues } from '../../queue/fleet-queues.js';
import { redisKeyPrefix } from '../../queue/key-prefix.js';
import { AuditTrail } from '../../state/audit-trail.js';
import { FleetCounters } from '../../state/fleet-counters.js';
import { DriftLog } from '../../state/drift-log.js';
import { OperatorActionLog } from '../../state/operator-actions.js';
import { RunRecords } from '../../state/run-records.js';
import { WorkerRegistry } from '../../state/worker-registry.js';
import { buildRateLimiter } from './safetyamp.js';

/** What the ops handlers read and drive, over the dashboard's commands connection; `close` closes the queues. */
export function buildOpsContext(
  config: Config<'redis' | 'safetyamp' | 'sync' | 'logging'>,
  connections: RedisConnections,
): OpsContext & { prefix: string; close(): Promise<void> } {
  const redis = connections.commands;
  const prefix = redisKeyPrefix(config.redis.QUEUE_PREFIX);
  const queues = new FleetQueues(redis, prefix);
  const retentionMs = config.sync.HISTORY_RETENTION_DAYS * 24 * 3600_000;
  return {
    prefix,
    queues,
    runRecords: new RunRecords(redis, prefix, {
      maxAgeMs: retentionMs,
      maxRuns: 50_000,
    }),
    audit: new AuditTrail(redis, prefix, retentionMs),
    counters: new FleetCounters(redis, prefix),
    actions: new OperatorActionLog(redis, prefix, retentionMs),
    control: new FleetControl(queues),
    workers: new WorkerRegistry(redis, prefix),
    limiter: buildRateLimiter(config, redis),
    rateBudget: config.safetyamp.SAFETYAMP_RATE_LIMIT,
    logLevel: new FleetLogLevel(redis, prefix, config.logging.LOG_LEVEL),
    drift: new DriftLog(redis, prefix),
    close: () => queues.close(),
  };
}
