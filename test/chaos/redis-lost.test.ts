import { expect } from 'chai';
import { expectSyncedApartFromInvalid } from '../support/fleet-assertions.js';
import { ChaosFleet, until } from './chaos-fleet.js';
import { describeFull } from './chaos-results.js';
import { expectDesiredState } from './desired-state.js';

describeFull('chaos: Redis lost without persistence in the middle of a run', function () {
  this.timeout(600_000);

  it('the run in flight ends as lost (exit 2), and the next run re-plans from SafetyAmp and converges', async () => {
    const fleet = await ChaosFleet.start({
      appendOnly: false,
      faults: { lenient: true, ignoreFilters: true },
    });
    try {
      const inFlight = fleet.h.runFleet(['sync', '--wait', '--json']);
      await until(() => fleet.posts('users').length >= 10, 'the first user creates');
      fleet.h.safetyamp.setFaults({ holdWrites: true });
      await until(() => fleet.heldWrites('users').length >= 3, 'user creates held in flight');
      const held = fleet.heldWrites().length;

      // Everything Redis held is gone: queues, run records, mirror, create intents, the rate budget's window.
      await fleet.redis.lose();
      fleet.h.safetyamp.setFaults({ holdWrites: false });
      const lost = await inFlight;
      expect(lost.code, lost.stderr.slice(-2_000)).to.equal(2);
      const report = JSON.parse(lost.stdout) as { status: string; error: string };
      expect(report.status).to.equal('failed');
      expect(report.error).to.match(/Redis no longer holds the run/);

      // Every process comes back to the empty Redis on its own and announces itself again.
      await until(
        async () => (await fleet.heartbeats()).length >= fleet.alive().length,
        'every process to announce itself to the new Redis',
      );
      const { summary } = await fleet.sync();
      expectSyncedApartFromInvalid(summary);

      await expectDesiredState(fleet, {
        scenario: '4. Redis lost without persistence mid-run (lenient, ignored filters)',
        runs: [summary],
        proof:
          `Redis was SIGKILLed and restarted empty with ${held} write(s) held in flight at the simulator (applied ` +
          `after the loss); the \`fleet sync --wait\` in flight exited ${String(lost.code)} with ` +
          `"${report.error}"; the next run rebuilt the mirror from SafetyAmp and ended ${summary.status}.`,
      });
    } finally {
      await fleet.stop();
    }
  });
});
