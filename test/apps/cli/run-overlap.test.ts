import { expect } from 'chai';
import { once } from 'node:events';
import type { PlanReport } from '../../../apps/cli/run-report.js';
import { createRedisConnection } from '../../../libs/queue/connections.js';
import { RunRecords } from '../../../libs/state/run-records.js';
import { FleetHarness } from '../../support/fleet-harness.js';

/** Runs go through the runs queue, one at a time fleet-wide: a dry run requested during a sync waits for it. */
describe('runs never overlap', function () {
  this.timeout(300_000);

  it('a dry run requested while a sync runs starts only after the sync has finished', async () => {
    const h = await FleetHarness.start({ company: { employees: 60, jobs: 15, departments: 4, vehicles: 5 } });
    const redis = createRedisConnection(h.redisUrl);
    const runs = new RunRecords(redis, h.keyPrefix);
    try {
      // Slow answers keep the sync running long enough to ask for the dry run in the middle of it.
      h.safetyamp.setFaults({ latencyMs: 150 });
      const producer = h.spawnFleet(['producer']);
      const worker = h.spawnFleet(['worker']);
      const sync = h.sync([]);
      const deadline = Date.now() + 120_000;
      let running: string | undefined;
      while (!running) {
        if (Date.now() > deadline) throw new Error('the sync never started running');
        running = (await runs.list(5)).find((r) => r.status === 'running')?.runId;
        if (!running) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const dry = await h.runFleet(['sync', '--dry-run', '--json'], { LOG_LEVEL: 'info' });
      const report = JSON.parse(dry.stdout) as PlanReport;
      const { summary } = await sync;
      const syncRun = await runs.get(summary.runId);
      const dryRun = await runs.get(report.runId);
      expect(syncRun?.runId).to.equal(running);
      expect(syncRun?.finishedAt, 'the sync finished').to.be.a('string');
      expect(dryRun?.dryRun).to.equal(true);
      expect(Date.parse(dryRun?.startedAt ?? '')).to.be.at.least(Date.parse(syncRun?.finishedAt ?? ''));
      // The producer executed the dry run: the CLI did not start one of its own beside it.
      expect(dry.stderr).to.contain('waiting for the run');
      expect(dry.stderr).not.to.contain('this process executes the run');
      for (const child of [producer, worker]) child.kill('SIGTERM');
      await Promise.all([once(producer, 'exit'), once(worker, 'exit')]);
    } finally {
      await redis.quit();
      await h.close();
    }
  });
});
