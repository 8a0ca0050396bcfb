import { expect } from 'chai';
import { entityQueueName } from '../../libs/queue/names.js';
import { expectSyncedApartFromInvalid } from '../support/fleet-assertions.js';
import { ChaosFleet, until } from './chaos-fleet.js';
import { expectDesiredState } from './desired-state.js';

describe('chaos: a producer killed with SIGKILL in the middle of enqueueing a run', function () {
  this.timeout(600_000);

  it('the other producer takes the run over: every record synced once, nothing queued twice', async () => {
    const fleet = await ChaosFleet.start({
      faults: { lenient: true, ignoreFilters: true },
      // Producers reach Redis through taps: the first to add a job to the sites queue freezes right there, after
      // the run's clusters were enqueued and before any site, title, user or asset was.
      producerTapMarker: (keyPrefix) => `${keyPrefix}:${entityQueueName('sites')}:wait`,
      env: { RUN_LOCK_MS: '6000' },
    });
    try {
      const run = fleet.sync();
      await until(
        () => fleet.alive('producer').some((p) => p.tap?.frozenAt() !== null),
        'a producer to freeze',
      );
      const victim = fleet.alive('producer').find((p) => p.tap?.frozenAt() !== null)!;
      const [runJob] = await fleet.activeRuns();
      expect(runJob, 'the run being executed').to.not.equal(undefined);
      const runId = String(runJob!.id);
      expect(await fleet.processNamed(runJob!.processedBy), 'the producer executing the run').to.equal(
        victim,
      );
      const clustersQueued = (await fleet.jobsOfRun('clusters', runId)).length;
      const sitesQueued = (await fleet.jobsOfRun('sites', runId)).length;
      const sitesPlanned = fleet.initialPlan.entities.sites?.changes.length ?? 0;
      expect(clustersQueued, 'clusters enqueued before the kill').to.be.greaterThan(0);
      expect(sitesQueued, 'sites enqueued before the kill').to.equal(0);
      expect(sitesPlanned, 'sites the run had to enqueue').to.be.greaterThan(0);

      await fleet.kill(victim, 'SIGKILL');
      await fleet.startProducer(); // its replacement
      const { summary } = await run;
      expect(summary.runId).to.equal(runId);
      expectSyncedApartFromInvalid(summary);

      const taken = await fleet.queue('runs').getJob(runId);
      await expectDesiredState(fleet, {
        scenario: '2. producer SIGKILL mid-enqueue (lenient, ignored filters)',
        runs: [summary],
        proof:
          `producer pid ${victim.child.pid} was executing run ${runId} and was SIGKILLed after enqueueing ` +
          `${clustersQueued} cluster job(s) and none of its ${sitesPlanned} site jobs (its Redis connection ` +
          `frozen on the first sites add); the run was finished by ${String(taken?.processedBy)} ` +
          `(stalled ${taken?.stalledCounter ?? '?'}×).`,
      });
    } finally {
      await fleet.stop();
    }
  });
});
