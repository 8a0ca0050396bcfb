import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';

/**
 * Mocha's global fixtures (loaded through `.mocharc.json` `require`): when nothing answers on REDIS_URL, a private
 * `redis-server` keeping nothing on disk serves the run on that very port, and is
 * stopped when the run ends, whether tests failed or not.
 */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

let privateRedis: PrivateRedis | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  privateRedis = await redisForTests(process.env.REDIS_URL || DEFAULT_REDIS_URL);
}

export async function mochaGlobalTeardown(): Promise<void> {
  await privateRedis?.stop();
  privateRedis = undefined;
}

export interface PrivateRedis {
  readonly pid: number;
  stop(): Promise<void>;
}

/** Nothing when a Redis answers on `url`; otherwise a private `redis-server` on its port. */
export async function redisForTests(url: string): Promise<PrivateRedis | undefined> {
  if (await answers(url)) return undefined;
  const { protocol, hostname, port, username, password } = new URL(url);
  const shown = withoutPassword(url);
  if (protocol !== 'redis:')
    throw new Error(`nothing answers on REDIS_URL=${shown}; start it (no TLS Redis is started for tests)`);
  if (!LOCAL_HOSTS.has(hostname))
    throw new Error(`nothing answers on REDIS_URL=${shown}; start that Redis or unset REDIS_URL`);
  if (username && username !== 'default')
    throw new Error(
      `nothing answers on REDIS_URL=${shown}; a private Redis has no user ${username}: start that Redis`,
    );

  const args = ['--port', port || '6379', '--bind', '127.0.0.1', '-::1', '--save', '', '--appendonly', 'no'];
  if (password) args.push('--requirepass', decodeURIComponent(password));
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keepTail = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-2_000);
  };
  child.stdout.on('data', keepTail);
  child.stderr.on('data', keepTail);
  const spawnError = once(child, 'spawn').then(
    () => undefined,
    (error: Error) => error,
  );
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const failed = await spawnError;
  if (failed)
    throw new Error(
      `nothing answers on REDIS_URL=${shown} and redis-server cannot start (${failed.message}): ` +
        'node scripts/test-prerequisites.mjs installs it or names the command that does',
    );
  for (let attempt = 0; attempt < 100 && child.exitCode === null; attempt++) {
    if (await answers(url)) return { pid: child.pid!, stop: () => stop(child, killOnExit) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop(child, killOnExit);
  throw new Error(
    `nothing answers on REDIS_URL=${shown} and the redis-server started for the tests did not answer:\n${output}`,
  );
}

async function stop(child: ChildProcess, killOnExit: () => void): Promise<void> {
  process.removeListener('exit', killOnExit);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function answers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2_000,
  });
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

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
