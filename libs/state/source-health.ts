import type { RedisClient } from '../platform/redis-client.js';

/** One source read as the producer saw it (the fleet's `SourceReadOutcome`, minus what readiness does not need). */
export interface SourceReadReport {
  ok: boolean;
  /** When the read ended. */
  at: Date;
  rows: number;
  /** The failure in a few words, when it failed. */
  error?: string;
}

/** What the fleet knows of a source's reads. */
export interface SourceReadHistory {
  lastReadAt: string;
  lastReadOk: boolean;
  /** Failed reads in a row up to the last one (0 when the last read succeeded). */
  consecutiveFailures: number;
  /** When a read of it last succeeded, if ever. */
  lastOkAt?: string;
  /** The last read's failure, when it failed. */
  error?: string;
  rows: number;
}

/**
 * How each system of record answered the last time a run read it, kept in Redis (one hash for the fleet) so that
 * every process can tell readiness probes without opening a source connection of its own. Written after each
 * plan's reads, atomically per source (the failure count is a HINCRBY in the same transaction).
 */
export class SourceHealth {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private get key(): string {
    return `${this.prefix}:source-health`;
  }

  async record(source: string, read: SourceReadReport): Promise<void> {
    const last = JSON.stringify({
      at: read.at.toISOString(),
      ok: read.ok,
      rows: read.rows,
      ...(read.error ? { error: read.error } : {}),
    });
    const tx = this.redis.multi().hset(this.key, `${source}:last`, last);
    if (read.ok)
      tx.hset(this.key, `${source}:failures`, '0').hset(
        this.key,
        `${source}:lastOkAt`,
        read.at.toISOString(),
      );
    else tx.hincrby(this.key, `${source}:failures`, 1);
    await tx.exec();
  }

  /** Every source read so far, by name. */
  async all(): Promise<Record<string, SourceReadHistory>> {
    const fields = await this.redis.hgetall(this.key);
    const histories: Record<string, SourceReadHistory> = {};
    for (const [field, value] of Object.entries(fields)) {
      if (!field.endsWith(':last')) continue;
      const source = field.slice(0, -':last'.length);
      const last = JSON.parse(value) as { at: string; ok: boolean; rows: number; error?: string };
      const lastOkAt = fields[`${source}:lastOkAt`];
      histories[source] = {
        lastReadAt: last.at,
        lastReadOk: last.ok,
        consecutiveFailures: Number(fields[`${source}:failures`] ?? 0),
        rows: last.rows,
        ...(lastOkAt ? { lastOkAt } : {}),
        ...(last.error ? { error: last.error } : {}),
      };
    }
    return histories;
  }
}
