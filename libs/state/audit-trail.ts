import type { ChainableCommander } from 'ioredis';
import type { ChangeAction, EntityType } from '../domain/types.js';
import type { RedisClient } from '../platform/redis-client.js';

export interface AuditEntry {
  at: string;
  runId: string;
  type: EntityType;
  key: string;
  action: ChangeAction;
  safetyampId: number | string;
  /** field → { from, to } */
  changes: Record<string, { from: unknown; to: unknown }>;
  jobId: string;
}

const PER_KEY_MAX = 100;
const DAY_MS = 24 * 3600_000;

/**
 * Every write the fleet made: a Redis stream for the whole fleet and a short list per record, so that the
 * dashboard can show the history of one key without scanning the stream. Both are kept by age
 * (HISTORY_RETENTION_DAYS): each append trims the stream's entries older than the retention, and a record's list
 * goes once the retention has passed since its last write.
 */
export class AuditTrail {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly retentionMs = 30 * DAY_MS,
  ) {}

  private keyList(type: EntityType, key: string): string {
    return `${this.prefix}:audit:${type}:${key}`;
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.appendInto(this.redis.multi(), entry).exec();
  }

  /** `append` as part of a caller's transaction. */
  appendInto(multi: ChainableCommander, entry: AuditEntry): ChainableCommander {
    const json = JSON.stringify(entry);
    // Exact trimming by the stream ids' time: an approximate one (`~`) keeps whole stream nodes past the retention.
    const oldest = String(Math.max(0, Date.now() - this.retentionMs));
    return multi
      .xadd(`${this.prefix}:audit`, 'MINID', oldest, '*', 'entry', json)
      .lpush(this.keyList(entry.type, entry.key), json)
      .ltrim(this.keyList(entry.type, entry.key), 0, PER_KEY_MAX - 1)
      .pexpire(this.keyList(entry.type, entry.key), this.retentionMs);
  }

  /** Newest first. */
  async forKey(type: EntityType, key: string, limit = PER_KEY_MAX): Promise<AuditEntry[]> {
    const raw = await this.redis.lrange(this.keyList(type, key), 0, limit - 1);
    return raw.map((r) => JSON.parse(r) as AuditEntry);
  }

  /** Newest first, across the fleet. */
  async recent(limit = 100): Promise<AuditEntry[]> {
    const rows = await this.redis.xrevrange(`${this.prefix}:audit`, '+', '-', 'COUNT', limit);
    return rows.map(([, fields]) => JSON.parse(fields[1] ?? '{}') as AuditEntry);
  }
}
