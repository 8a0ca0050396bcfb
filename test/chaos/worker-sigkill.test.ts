import { expect } from 'chai';
import { entityKeyOf } from '../../libs/domain/index.js';
import { expectSyncedApartFromInvalid } from '../support/fleet-assertions.js';
import { ChaosFleet, until } from './chaos-fleet.js';
import { expectDesiredState } from './desired-state.js';

/** A SafetyAmp that refuses no duplicate, ignores lookup filters and loses or fails answers to applied writes. */
const UNKIND_SERVER = {
  lenient: true,
  ignoreFilters: true,
  appliedThenErrorRate: 0.1,
  dropAfterWriteRate: 0.1,
} as const;

describe('chaos: a worker killed with SIGKILL in the middle of a write', function () {
  this.timeout(600_000);

  it('converges with no duplicate on a lenient server that fails and drops answers to applied writes', async () => {
    const fleet = await ChaosFleet.start({ faults: UNKIND_SERVER });
    try {
      const run = fleet.sync();
      await until(() => fleet.posts('users').length >= 10, 'the first user creates');
      fleet.h.safetyamp.setFaults({ holdWrites: true });
      await until(() => fleet.heldWrites('users').length >= 3, 'user creates held in flight');

      // Which worker process holds an active job whose create the simulator holds right now?
      const heldKeys = new Set(
        fleet
          .heldWrites('users')
          .map((call) => entityKeyOf('users', call.body as Parameters<typeof entityKeyOf<'users'>>[1])),
      );
      const inFlight = (await fleet.activeEntityJobs()).filter(
        ({ type, job }) => type === 'users' && heldKeys.has(job.data.change.key),
      );
      expect(inFlight.length, 'active jobs whose create is held').to.be.greaterThan(0);
      const holder = inFlight[0]?.job.processedBy;
      const victim = await fleet.processNamed(holder);
      expect(victim?.role, `the process of ${String(holder)}`).to.equal('worker');
      const victimKeys = inFlight
        .filter(({ job }) => job.processedBy === holder)
        .map(({ job }) => job.data.change.key);

      await fleet.kill(victim!, 'SIGKILL');
      fleet.startWorker(); // its replacement, as a Deployment would start one
      fleet.h.safetyamp.setFaults({ holdWrites: false });
      const { summary } = await run;

      const applied = new Set((fleet.h.safetyamp.state().users ?? []).map((u) => u.emp_id));
      expect(
        victimKeys.filter((key) => !applied.has(key)),
        'the dead worker’s creates were applied',
      ).to.deep.equal([]);
      const faults = fleet.h.safetyamp.calls().flatMap((c) => c.faults ?? []);
      const struck = (name: string): number => faults.filter((f) => f === name).length;
      expect(struck('applied-then-error'), 'applied-then-5xx answers').to.be.greaterThan(0);
      expect(struck('dropped-after-write'), 'dropped answers').to.be.greaterThan(0);
      expectSyncedApartFromInvalid(summary);

      await expectDesiredState(fleet, {
        scenario:
          '1. worker SIGKILL mid-write (lenient, 10% applied-then-5xx, 10% dropped answers, ignored filters)',
        runs: [summary],
        proof:
          `worker pid ${victim!.child.pid} (${String(holder)}) was SIGKILLed holding ${victimKeys.length} active ` +
          `users job(s) whose POST the simulator held (${victimKeys.join(', ')}); each was applied after its death. ` +
          `${struck('applied-then-error')} applied-then-5xx and ${struck('dropped-after-write')} dropped answers struck.`,
      });
    } finally {
      await fleet.stop();
    }
  });
});
