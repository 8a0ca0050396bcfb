import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { freePort } from '../../apps/cli/demo/redis-for-demo.js';
import { DEFAULT_REDIS_URL, redisForTests } from '../redis-for-tests.js';
import { PROJECT_ROOT, run } from './run-script.js';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function redisCli(port: number, ...args: string[]): string {
  return execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).trim();
}

function answers(port: number): boolean {
  try {
    const reply = execFileSync('redis-cli', ['-p', String(port), 'PING'], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return reply.trim() === 'PONG';
  } catch {
    return false;
  }
}

describe('test/redis-for-tests.ts (mocha global fixture)', () => {
  it('starts nothing when a Redis answers on the URL', async () => {
    expect(await redisForTests(process.env.REDIS_URL || DEFAULT_REDIS_URL)).to.equal(undefined);
  });

  it('starts a private redis-server on the port of the URL that keeps nothing on disk, and stops it', async () => {
    const port = await freePort();

    const redis = await redisForTests(`redis://127.0.0.1:${port}`);

    expect(redis).to.not.equal(undefined);
    try {
      expect(redisCli(port, 'INFO', 'server')).to.contain(`process_id:${redis!.pid}`);
      const client = new Redis(port, '127.0.0.1');
      try {
        expect(await client.config('GET', 'save')).to.deep.equal(['save', '']);
        expect(await client.config('GET', 'appendonly')).to.deep.equal(['appendonly', 'no']);
      } finally {
        await client.quit();
      }
    } finally {
      await redis?.stop();
    }
    expect(isRunning(redis!.pid), 'redis-server still running').to.equal(false);
    expect(answers(port), 'something still answers').to.equal(false);
  });

  it('gives the private Redis the password of the URL', async () => {
    const url = new URL(`redis://127.0.0.1:${await freePort()}`);
    url.password = 'local-test-only';

    const redis = await redisForTests(url.toString());

    try {
      expect(redisCli(Number(url.port), 'PING')).to.match(/NOAUTH/);
      expect(redisCli(Number(url.port), '--no-auth-warning', '-a', url.password, 'PING')).to.equal('PONG');
    } finally {
      await redis?.stop();
    }
  });

  it('starts nothing for a URL on another machine, and says so naming it', async () => {
    let refusal = '';
    await redisForTests('redis://redis.invalid:6379').catch((error: Error) => (refusal = error.message));

    expect(refusal).to.equal(
      'nothing answers on REDIS_URL=redis://redis.invalid:6379; start that Redis or unset REDIS_URL',
    );
  });

  describe('in a mocha run whose test fails', () => {
    let dir = '';
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'redis-fixture-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('serves the run from a private Redis and stops it when mocha ends', async () => {
      const port = await freePort();
      const pidFile = join(dir, 'redis.pid');
      const spec = join(dir, 'fails.test.mjs');
      await writeFile(
        spec,
        [
          `import { execFileSync } from 'node:child_process';`,
          `import { writeFileSync } from 'node:fs';`,
          `it('fails after reading the pid of the Redis it was given', () => {`,
          `  const info = execFileSync('redis-cli', ['-p', '${port}', 'INFO', 'server'], { encoding: 'utf8' });`,
          `  writeFileSync('${pidFile}', /process_id:(\\d+)/.exec(info)[1]);`,
          `  throw new Error('this test fails on purpose');`,
          `});`,
        ].join('\n'),
      );

      const mocha = await run(
        process.execPath,
        [join(PROJECT_ROOT, 'node_modules/mocha/bin/mocha.js'), spec],
        {
          env: { ...process.env, REDIS_URL: `redis://127.0.0.1:${port}` },
        },
      );

      expect(mocha.stdout).to.contain('this test fails on purpose');
      expect(mocha.status).to.equal(1);
      const pid = Number(await readFile(pidFile, 'utf8'));
      expect(isRunning(pid), 'redis-server still running').to.equal(false);
      expect(answers(port), 'something still answers').to.equal(false);
    });
  });
});
