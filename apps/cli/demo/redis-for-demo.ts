import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { redisKeyPrefix } from '../../../libs/queue/key-prefix.js';
import { ensureRedisServer } from './redis-server-install.js';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

async function answers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2_000,
  });
  // The refusal is the answer: without a listener ioredis would print it as an unhandled error event.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/**
 * The configured Redis when it answers; otherwise a private `redis-server` child on a free port, keeping nothing
 * on disk (installed first when missing and the demo runs as root with apt-get). Throws a clear error when neither
 * is possible.
 */
export async function redisForDemo(
  configuredUrl: string,
  say: (line: string) => void,
): Promise<{ url: string; child?: ChildProcess }> {
  if (await answers(configuredUrl)) return { url: configuredUrl };
  try {
    ensureRedisServer(say);
  } catch (err) {
    throw new Error(`no Redis answers at ${configuredUrl} and ${(err as Error).message}`);
  }
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await answers(url)) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`started redis-server on port ${port} but it does not answer`);
}

/** Removes every key of a QUEUE_PREFIX, so the demo starts from the seeded simulators and an empty mirror. */
export async function clearPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisKeyPrefix(prefix)}:*`, 'COUNT', 1_000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
