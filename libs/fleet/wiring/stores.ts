import type { Config } from '../../platform/config.js';
import { FleetQueues } from '../../queue/fleet-queues.js';
import { redisKeyPrefix } from '../../queue/key-prefix.js';
import { AuditTrail } from '../../state/audit-trail.js';
import { failedJobRetentionDays } from './fleet-config.js';
import { DriftLog } from '../../state/drift-log.js';
import { CreateIntents } from '../../state/create-intents.js';
import { FleetCounters } from '../../state/fleet-counters.js';
import { Mirror } from '../../state/mirror.js';
import { RunRecords } from '../../state/run-records.js';
import { SourceHealth } from '../../state/source-health.js';
import { SourceCache } from '../../state/source-cache.js';
import { WorkerRegistry } from '../../state/worker-registry.js';
import type { RedisClient } from '../../platform/redis-client.js';

const DAY_MS = 24 * 3600_000;

/** The fleet's queues and Redis state over one commands connection, under the configured key prefix. */
export interface FleetStores {
  prefix: string;
  queues: FleetQueues;
  mirror: Mirror;
  runRecords: RunRecords;
  audit: AuditTrail;
  intents: CreateIntents;
  registry: WorkerRegistry;
  sourceHealth: SourceHealth;
  /** The fleet's Prometheus counters (runs, records, source reads), read by every dashboard replica. */
  counters: FleetCounters;
  drift: DriftLog;
  sourceCache: SourceCache;
}

export function openStores(redis: RedisClient, config: Config<'redis' | 'sync' | 'worker'>): FleetStores {
  const prefix = redisKeyPrefix(config.redis.QUEUE_PREFIX);
  const mirror = new Mirror(redis, prefix);
  const retentionMs = config.sync.HISTORY_RETENTION_DAYS * DAY_MS;
  return {
    prefix,
    queues: new FleetQueues(redis, prefix),
    mirror,
    runRecords: new RunRecords(redis, prefix, { maxAgeMs: retentionMs, maxRuns: 50_000 }),
    audit: new AuditTrail(redis, prefix, retentionMs),
    // An intent outlives every retry of its job and the failed job itself, so no later create can miss it.
    intents: new CreateIntents(redis, prefix, mirror, (failedJobRetentionDays(config) + 1) * DAY_MS),
    registry: new WorkerRegistry(redis, prefix),
    sourceHealth: new SourceHealth(redis, prefix),
    counters: new FleetCounters(redis, prefix),
    drift: new DriftLog(redis, prefix),
    sourceCache: new SourceCache(redis, prefix),
  };
}
