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

const STREAM_MAX = 100_000;
const PER_KEY_MAX = 100;

/**
 * Every write the fleet made: a bounded Redis stream for the whole fleet and a short list per record, so that the
 * dashboard can show the history of one key without scanning the stream.
 */
export class AuditTrail {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
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
    return multi
      .xadd(`${this.prefix}:audit`, 'MAXLEN', '~', STREAM_MAX, '*', 'entry', json)
      .lpush(this.keyList(entry.type, entry.key), json)
      .ltrim(this.keyList(entry.type, entry.key), 0, PER_KEY_MAX - 1);
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
