import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../../apps/cli/demo/redis-for-demo.js';
import { ENTITY_TYPES } from '../../../libs/domain/types.js';
import type { RunSummary } from '../../../libs/state/run-records.js';
import {
  expectConverged,
  expectNoDuplicates,
  expectSyncedApartFromInvalid,
} from '../../support/fleet-assertions.js';
import { FleetHarness } from '../../support/fleet-harness.js';

const company = { employees: 120, jobs: 30, departments: 6, vehicles: 15 };

async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  limitMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const usersCreated = (h: FleetHarness): number =>
  (h.safetyamp.state().users ?? []).filter((u) => u.emp_id).length;

/** Runs syncs until one makes no change; every run must complete. */
async function syncUntilQuiet(h: FleetHarness, maxRuns = 4): Promise<RunSummary[]> {
  const summaries: RunSummary[] = [];
  for (let i = 0; i < maxRuns; i++) {
    const { summary } = await h.sync();
    summaries.push(summary);
    expectSyncedApartFromInvalid(summary);
    const writes = ENTITY_TYPES.reduce(
      (n, t) => n + summary[t].created + summary[t].updated + summary[t].deactivated,
      0,
    );
    const failed = ENTITY_TYPES.reduce((n, t) => n + summary[t].failed, 0);
    if (writes === 0 && failed === 0) return summaries;
  }
  throw new Error(`no quiet run after ${maxRuns} runs: ${JSON.stringify(summaries.map((s) => s.users))}`);
}

describe('the fleet under failure', function () {
  this.timeout(300_000);

  it('converges with two worker processes when one is killed with SIGKILL mid-run', async () => {
    const h = await FleetHarness.start({ company, rateLimit: { max: 30, windowMs: 1_000 } });
    try {
      const env = { WORKER_CONCURRENCY: '2' };
      const producer = h.spawnFleet(['producer'], env);
      const doomed = h.spawnFleet(['worker'], env);
      const survivor = h.spawnFleet(['worker'], env);
      const run = h.sync([], env);
      await until(() => usersCreated(h) >= 20, 'the first users');
      doomed.kill('SIGKILL');
      const { summary } = await run;
      expectSyncedApartFromInvalid(summary);
      for (const child of [producer, survivor]) child.kill('SIGTERM');
      await Promise.all([once(producer, 'exit'), once(survivor, 'exit')]);
      expectNoDuplicates(h);
      await syncUntilQuiet(h);
      await expectConverged(h);
      expectNoDuplicates(h);
    } finally {
      await h.close();
    }
  });

  it('converges when Redis restarts mid-run', async function () {
    if (spawnSync('redis-server', ['--version']).status !== 0)
      throw new Error('redis-server is needed for this test');
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'redis-restart-'));
    const startRedis = async (): Promise<ChildProcess> => {
      const child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''],
        {
          stdio: 'ignore',
        },
      );
      await until(async () => {
        const probe = new Redis(port, '127.0.0.1', {
          lazyConnect: true,
          retryStrategy: () => null,
          maxRetriesPerRequest: 0,
        });
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          probe.disconnect();
        }
      }, 'redis to answer');
      return child;
    };
    let redis = await startRedis();
    const h = await FleetHarness.start({
      company,
      rateLimit: { max: 30, windowMs: 1_000 },
      redisUrl: `redis://127.0.0.1:${port}`,
    });
    try {
      const run = h.sync();
      await until(() => usersCreated(h) >= 20, 'the first users');
      redis.kill('SIGTERM');
      await once(redis, 'exit');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      redis = await startRedis();
      const { summary } = await run;
      // The run rides out the restart (its processes wait for Redis to come back): a failed run is not success.
      expectSyncedApartFromInvalid(summary);
      await syncUntilQuiet(h);
      await expectConverged(h);
      expectNoDuplicates(h);
    } finally {
      await h.close().catch(() => undefined);
      redis.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('converges with 20% of SafetyAmp answers being 5xx', async () => {
    const h = await FleetHarness.start({ company });
    try {
      h.safetyamp.setFaults({ errorRate: 0.2 });
      const { summary } = await h.sync();
      expectSyncedApartFromInvalid(summary);
      const serverErrors = Object.entries(h.safetyamp.stats().byStatus)
        .filter(([status]) => status.startsWith('5'))
        .reduce((n, [, count]) => n + count, 0);
      expect(serverErrors).to.be.greaterThan(0);
      await syncUntilQuiet(h);
      h.safetyamp.setFaults({ errorRate: 0 });
      await expectConverged(h);
      expectNoDuplicates(h);
    } finally {
      await h.close();
    }
  });
});
