import { gunzipSync, gzipSync } from 'node:zlib';
import type { RedisClient } from '../platform/redis-client.js';

/**
 * What a run kept of one source's last read: the data (rows or records), the cursor its cheap path continues from
 * (a Graph delta link, a Vista fingerprint, a Samsara time) and when the data was last read in full.
 */
export interface CachedSource<T> {
  data: T;
  cursor: string;
  fullReadAt: Date;
}

/**
 * The sources' last reads in Redis, one hash per source part: `data` (gzip JSON: 20,000 employees take a few
 * hundred KB instead of several MB), `cursor` and `fullReadAt`. A read that found nothing new moves the cursor
 * alone and never rewrites the data.
 */
export class SourceCache {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private key(name: string): string {
    return `${this.prefix}:source-cache:${name}`;
  }

  private get generationKey(): string {
    return `${this.prefix}:source-cache:generation`;
  }

  /** A counter that moves whenever kept data changes (put, clear): equal generations mean the same kept data. */
  async generation(): Promise<string> {
    return (await this.redis.get(this.generationKey)) ?? '0';
  }

  async get<T>(name: string): Promise<CachedSource<T> | null> {
    const [data, cursor, fullReadAt] = await this.redis.hmgetBuffer(
      this.key(name),
      'data',
      'cursor',
      'fullReadAt',
    );
    if (!data || !cursor || !fullReadAt) return null;
    return {
      data: JSON.parse(gunzipSync(data).toString('utf8')) as T,
      cursor: cursor.toString('utf8'),
      fullReadAt: new Date(fullReadAt.toString('utf8')),
    };
  }

  /** Keeps a read: its data, cursor and the time of its last full read. */
  async put<T>(name: string, entry: CachedSource<T>): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key(name), {
        data: gzipSync(JSON.stringify(entry.data)),
        cursor: entry.cursor,
        fullReadAt: entry.fullReadAt.toISOString(),
      })
      .incr(this.generationKey)
      .exec();
  }

  /** Keeps something derived from the kept reads (the plan made from them): it does not move the generation. */
  async putDerived<T>(name: string, entry: CachedSource<T>): Promise<void> {
    await this.redis.hset(this.key(name), {
      data: gzipSync(JSON.stringify(entry.data)),
      cursor: entry.cursor,
      fullReadAt: entry.fullReadAt.toISOString(),
    });
  }

  /** Moves the cursor of a kept read whose data did not change. */
  async moveCursor(name: string, cursor: string): Promise<void> {
    await this.redis.hset(this.key(name), 'cursor', cursor);
  }

  /** Forgets every kept read, so that the next run reads every source in full (after a reconcile). */
  async clear(names: readonly string[]): Promise<void> {
    if (names.length) await Promise.all(names.map((name) => this.redis.del(this.key(name))));
    await this.redis.incr(this.generationKey);
  }
}
