import { spawnSync } from 'node:child_process';

export type RedisServerPlan = { action: 'use' } | { action: 'install' } | { action: 'stop'; reason: string };

/**
 * What the demo does about `redis-server` when no Redis answers: use it when installed; install it with apt-get
 * when it may (root on a machine with apt-get, as `npm test`'s prerequisites do); otherwise stop with the one line
 * to run.
 */
export function redisServerPlan(machine: {
  installed: boolean;
  root: boolean;
  aptGet: boolean;
}): RedisServerPlan {
  if (machine.installed) return { action: 'use' };
  if (machine.root && machine.aptGet) return { action: 'install' };
  const run = machine.aptGet
    ? `${machine.root ? '' : 'sudo '}apt-get install -y redis-server`
    : 'install redis-server';
  return {
    action: 'stop',
    reason: `redis-server is not installed: ${run}, or start a Redis and set REDIS_URL`,
  };
}

function succeeds(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

/** Makes sure `redis-server` can be started, installing it when `redisServerPlan` says so; throws otherwise. */
export function ensureRedisServer(say: (line: string) => void): void {
  const plan = redisServerPlan({
    installed: succeeds('redis-server', ['--version']),
    root: process.getuid?.() === 0,
    aptGet: succeeds('apt-get', ['--version']),
  });
  if (plan.action === 'use') return;
  if (plan.action === 'stop') throw new Error(plan.reason);
  say('  redis       no Redis answers and redis-server is missing: apt-get install -y redis-server …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'redis-server']]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (result.error || result.status !== 0)
      throw new Error(
        `apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`,
      );
  }
  if (!succeeds('redis-server', ['--version']))
    throw new Error('apt-get installed redis-server but it does not run');
}
