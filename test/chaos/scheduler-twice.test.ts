import { expect } from 'chai';
import { SCHEDULE_QUEUE } from '../../libs/queue/names.js';
import { RunRecords, type RunSummary } from '../../libs/state/run-records.js';
import { expectSyncedApartFromInvalid } from '../support/fleet-assertions.js';
import { ChaosFleet, until } from './chaos-fleet.js';
import { describeFull } from './chaos-results.js';
import { expectDesiredState } from './desired-state.js';

const NEVER = '0 0 1 1 *';

describeFull('chaos: the scheduler fires twice at once (a clock jump)', function () {
  this.timeout(600_000);

  it('two ticks taken by the two producers at the same moment make one run', async () => {
    const fleet = await ChaosFleet.start({
      faults: { lenient: true },
      env: { SYNC_SCHEDULE: NEVER, RECONCILE_SCHEDULE: NEVER },
    });
    try {
      // What a clock jumping forward (or two schedulers) does: two sync ticks due at once, one for each producer.
      const schedule = fleet.queue(SCHEDULE_QUEUE);
      await schedule.addBulk([
        { name: 'sync', data: { kind: 'sync' } },
        { name: 'sync', data: { kind: 'sync' } },
      ]);
      await until(async () => (await schedule.getCompletedCount()) >= 2, 'both ticks to be taken');
      const ticks = await schedule.getCompleted();
      const producersTaking = new Set(ticks.map((t) => t.processedBy));
      const records = new RunRecords(fleet.commands(), fleet.h.keyPrefix);
      let runs: RunSummary[] = [];
      await until(async () => {
        runs = await records.list(10);
        return runs.length > 0 && runs.every((r) => r.status !== 'planning' && r.status !== 'running');
      }, 'the run to end');
      expect(
        runs.map((r) => r.runId),
        'runs started by the two ticks',
      ).to.have.length(1);
      const [summary] = runs as [RunSummary];
      expectSyncedApartFromInvalid(summary);

      await expectDesiredState(fleet, {
        scenario: '8. the scheduler fires twice at once (a clock jump; lenient)',
        runs: [summary],
        proof:
          `two sync ticks were due at once and taken by ${producersTaking.size} producer(s) ` +
          `(${[...producersTaking].join(', ')}); they made 1 run (${summary.runId}), which ended ${summary.status}.`,
      });
    } finally {
      await fleet.stop();
    }
  });
});
