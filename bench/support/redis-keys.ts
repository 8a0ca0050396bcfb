import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const BENCH_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A Redis key prefix no other process uses (letters, digits and '-' only, as QUEUE_PREFIX requires). */
export function uniquePrefix(what: string): string {
  return `bench-${what}-${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under `prefix:` and `{prefix}:` (the fleet's hash-tagged key prefix), returning how many. */
export async function deleteKeys(prefix: string, url = BENCH_REDIS_URL): Promise<number> {
  const redis = new Redis(url);
  let deleted = 0;
  try {
    for (const pattern of [`${prefix}:*`, `{${prefix}}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
        cursor = next;
        if (keys.length) deleted += await redis.unlink(...keys);
      } while (cursor !== '0');
    }
  } finally {
    await redis.quit();
  }
  return deleted;
}
