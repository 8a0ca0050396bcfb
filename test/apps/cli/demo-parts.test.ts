import { expect } from 'chai';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { UsageError } from '../../../apps/cli/command-usage.js';
import { portIsFree } from '../../../apps/cli/demo/dashboard-port.js';
import { demoCompany } from '../../../apps/cli/demo/demo-company.js';
import { demoOptions } from '../../../apps/cli/demo/demo-options.js';
import { redisServerPlan } from '../../../apps/cli/demo/redis-server-install.js';
import { formatProgress, PROGRESS_LEGEND, readBacklog } from '../../../apps/cli/demo/run-progress.js';
import { ConfigurationError } from '../../../libs/platform/config.js';
import { createRedisConnection, FleetQueues } from '../../../libs/queue/index.js';
import { TEST_REDIS_URL } from '../../support/redis-url.js';
import { runSummary } from '../../libs/ops/run-summaries.js';

describe('fleet demo parts', () => {
  describe('demoOptions', () => {
    it('takes the port from --port, else DASHBOARD_PORT, else 8080', () => {
      expect(demoOptions([], {}).port).to.equal(8080);
      expect(demoOptions([], { DASHBOARD_PORT: '9999' }).port).to.equal(9999);
      expect(demoOptions(['--port', '0'], { DASHBOARD_PORT: '9999' }).port).to.equal(0);
    });

    it('names the flag or the variable that is wrong', () => {
      expect(() => demoOptions(['--port', 'http'], {})).to.throw(UsageError, /--port/);
      expect(() => demoOptions([], { DASHBOARD_PORT: '70000' })).to.throw(
        ConfigurationError,
        /DASHBOARD_PORT/,
      );
      expect(() => demoOptions(['--employees', '0'], {})).to.throw(UsageError, /--employees/);
      expect(() => demoOptions(['--queue-prefix', 'a:b'], {})).to.throw(UsageError, /--queue-prefix/);
      expect(() => demoOptions(['--bogus'], {})).to.throw(UsageError, /--bogus/);
    });
  });

  it('demoCompany: 2,000 employees make the issue’s 800 jobs, 40 departments and 300 vehicles', () => {
    expect(demoCompany(2_000, new Date())).to.include({
      employees: 2_000,
      jobs: 800,
      departments: 40,
      vehicles: 300,
    });
    expect(demoCompany(50, new Date())).to.include({ employees: 50, jobs: 20, departments: 2, vehicles: 8 });
  });

  it('redisServerPlan: uses an installed redis-server, installs it as root with apt-get, else says what to run', () => {
    expect(redisServerPlan({ installed: true, root: false, aptGet: false })).to.deep.equal({ action: 'use' });
    expect(redisServerPlan({ installed: false, root: true, aptGet: true })).to.deep.equal({
      action: 'install',
    });
    const notRoot = redisServerPlan({ installed: false, root: false, aptGet: true });
    expect(notRoot).to.have.property('reason').that.contains('sudo apt-get install -y redis-server');
    const noApt = redisServerPlan({ installed: false, root: true, aptGet: false });
    expect(noApt).to.have.property('action', 'stop');
    expect(noApt).to.have.property('reason').that.does.not.contain('apt-get');
  });

  it('portIsFree: false while a server holds the port, true once it is closed', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    expect(await portIsFree('127.0.0.1', port)).to.equal(false);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await portIsFree('127.0.0.1', port)).to.equal(true);
  });

  describe('formatProgress', () => {
    const budget = { max: 60, windowMs: 3_000 };
    const run = runSummary({
      status: 'running',
      finishedAt: null,
      safetyampCalls: 42,
      users: { created: 30, updated: 2, deactivated: 1, unchanged: 0, invalid: 4, failed: 5, skipped: 0 },
    });

    it('shows the counts with the signs of the legend, the calls made, the backlog and the time left', () => {
      const line = formatProgress(run, 2_400, budget);
      expect(line).to.contain('[running]');
      expect(line).to.contain('users +30 ~2 -1 !4 ✗5');
      expect(line).to.contain('SafetyAmp calls 42');
      // 2,400 calls at 60 per 3 s: 120 s.
      expect(line).to.contain('backlog 2400 calls, about 2 minutes left');
      for (const sign of ['+', '~', '-', '!', '✗']) expect(PROGRESS_LEGEND).to.contain(`${sign} `);
    });

    it('gives no time left when nothing is queued', () => {
      expect(formatProgress(run, 0, budget)).to.match(/backlog 0 calls$/);
    });
  });

  it('readBacklog counts the jobs still to run in the entity queues, not the runs queue', async () => {
    const redis = createRedisConnection(TEST_REDIS_URL);
    const prefix = `test-demo-${randomBytes(5).toString('hex')}`;
    const queues = new FleetQueues(redis, prefix);
    try {
      await queues.entities.users.add('change', {} as never);
      await queues.entities.users.add('change', {} as never, { delay: 60_000 });
      await queues.entities.sites.add('change', {} as never);
      await queues.runs.add('run', {} as never);
      expect(await readBacklog(queues)).to.equal(3);
    } finally {
      await queues.close();
      await clear(redis, prefix);
      await redis.quit();
    }
  });
});

async function clear(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}
