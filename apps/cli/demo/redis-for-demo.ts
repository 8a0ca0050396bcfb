import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { redisKeyPrefix } from '../../../libs/queue/key-prefix.js';
import { ensureRedisServer } from './redis-server-install.js';
import {
  deleteKeysWithPrefix,
  openRedisClient,
  type RedisTarget,
} from '../../../libs/platform/redis-client.js';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Whether the target's (seed) server answers a PING. */
async function answers(target: RedisTarget): Promise<boolean> {
  const redis = openRedisClient(
    { ...target, cluster: false },
    {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
    },
  );
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
 * The configured Redis (or cluster) when it answers; otherwise a private `redis-server` child on a free port,
 * keeping nothing on disk (installed first when missing and the demo runs as root with apt-get). Throws a clear
 * error when neither is possible.
 */
export async function redisForDemo(
  configured: RedisTarget,
  say: (line: string) => void,
): Promise<{ target: RedisTarget; child?: ChildProcess }> {
  if (await answers(configured)) return { target: configured };
  const configuredUrl = configured.url;
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
  const target = { url: `redis://127.0.0.1:${port}` };
  for (let i = 0; i < 50; i++) {
    if (await answers(target)) return { target, child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`started redis-server on port ${port} but it does not answer`);
}

/** Removes every key of a QUEUE_PREFIX, so the demo starts from the seeded simulators and an empty mirror. */
export async function clearPrefix(target: RedisTarget, prefix: string): Promise<void> {
  const redis = openRedisClient(target, { maxRetriesPerRequest: 3, connectTimeout: 5_000 });
  try {
    await deleteKeysWithPrefix(redis, redisKeyPrefix(prefix));
  } finally {
    await redis.quit();
  }
}
