import { expect } from 'chai';
import { once } from 'node:events';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { RUNS_QUEUE, SCHEDULE_QUEUE } from '../../../libs/queue/names.js';
import { ChaosRedis } from '../../chaos/chaos-redis.js';
import { FleetHarness } from '../../support/fleet-harness.js';

async function until<T>(
  what: string,
  read: () => Promise<T | undefined | null>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * A Redis restarted without persistence forgets everything, including the one-run-at-a-time rule (the runs queue's
 * global concurrency) and the schedules: a running producer sets both again when its connection is back.
 */
describe('a producer after Redis lost everything', function () {
  this.timeout(180_000);

  it('sets the runs queue back to one run at a time and registers the schedules again', async () => {
    const redis = await ChaosRedis.start({ appendOnly: false });
    const h = await FleetHarness.start({
      company: { employees: 5, jobs: 2, departments: 1, vehicles: 1 },
      redisUrl: redis.url,
    });
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    const runs = new Queue(RUNS_QUEUE, { connection, prefix: h.keyPrefix });
    const schedule = new Queue(SCHEDULE_QUEUE, { connection, prefix: h.keyPrefix });
    runs.on('error', () => undefined);
    schedule.on('error', () => undefined);
    const producer = h.spawnFleet(['producer'], {
      SYNC_SCHEDULE: '0 6 * * *',
      REDIS_ALLOW_EVICTION: 'false',
    });
    try {
      expect(await until('global concurrency 1', () => runs.getGlobalConcurrency())).to.equal(1);
      await until('the sync schedule', () => schedule.getJobScheduler('sync'));
      await connection.set('marker:before-the-loss', '1');

      await redis.down('SIGKILL');
      await redis.up();
      // The loss happened: what was written before it is gone.
      await until('the connection back', () => connection.ping());
      expect(await connection.get('marker:before-the-loss')).to.equal(null);

      expect(await until('global concurrency 1 again', () => runs.getGlobalConcurrency())).to.equal(1);
      const sync = await until('the sync schedule again', () => schedule.getJobScheduler('sync'));
      expect(sync.pattern).to.equal('0 6 * * *');
      expect(
        await until('the reconcile schedule again', () => schedule.getJobScheduler('reconcile')),
      ).to.include({
        pattern: '0 3 * * *',
      });
    } finally {
      producer.kill('SIGTERM');
      await once(producer, 'exit');
      await runs.close().catch(() => undefined);
      await schedule.close().catch(() => undefined);
      connection.disconnect();
      await h.close().catch(() => undefined);
      await redis.remove();
    }
  });
});
