import { expect } from 'chai';
import { entityKeyOf } from '../../libs/domain/index.js';
import { expectSyncedApartFromInvalid } from '../support/fleet-assertions.js';
import { ChaosFleet, until } from './chaos-fleet.js';
import { expectDesiredState } from './desired-state.js';

describe('chaos: Redis restarted (AOF) while creates are in flight', function () {
  this.timeout(600_000);

  it('creates applied while Redis was down are not sent again: no duplicate on a lenient server', async () => {
    const fleet = await ChaosFleet.start({
      appendOnly: true,
      faults: { lenient: true, ignoreFilters: true },
    });
    try {
      const run = fleet.sync();
      await until(() => fleet.posts('users').length >= 10, 'the first user creates');
      fleet.h.safetyamp.setFaults({ holdWrites: true });
      await until(() => fleet.heldWrites('users').length >= 3, 'user creates held in flight');

      // Redis goes away with the creates in flight; they land and are answered while it is down, so no worker
      // can record them (mirror, intent) until it is back.
      await fleet.redis.down('SIGTERM');
      const downAt = Date.now();
      // The call log lists calls in arrival order: the held ones are known by their place in it.
      const heldAt = fleet.h.safetyamp
        .calls()
        .flatMap((call, i) => (call.faults?.includes('held') && call.status === 0 ? [i] : []));
      const heldKeys = fleet
        .heldWrites('users')
        .map((call) => entityKeyOf('users', call.body as Parameters<typeof entityKeyOf<'users'>>[1]));
      fleet.h.safetyamp.setFaults({ holdWrites: false });
      const answers = (): number[] => {
        const calls = fleet.h.safetyamp.calls();
        return heldAt.map((i) => calls[i]?.status ?? 0);
      };
      await until(() => answers().every((status) => status !== 0), 'the held writes to be answered');
      const answered = answers().filter((status) => status >= 200 && status < 300);
      // Down longer than a worker's job lock (WORKER_LOCK_MS 4 s): the locks of the jobs in flight expire with it.
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      await fleet.redis.up();
      const downMs = Date.now() - downAt;
      const { summary, stderr } = await run;
      expectSyncedApartFromInvalid(summary);
      // `fleet sync --wait` said what happened to Redis in JSON log lines (the fleet's processes: see the invariant).
      const stray = stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));
      expect(stray, `lines that are not JSON logs: ${JSON.stringify(stray).slice(0, 3_000)}`).to.deep.equal(
        [],
      );
      expect(answered.length, 'writes applied and answered while Redis was down').to.be.greaterThan(0);

      await expectDesiredState(fleet, {
        scenario: '3. Redis restarted (SIGTERM, AOF) with creates in flight (lenient, ignored filters)',
        runs: [summary],
        proof:
          `${heldAt.length} write(s) were held in flight at the simulator when Redis stopped (users ` +
          `${heldKeys.join(', ')}); ${answered.length} were applied and answered 2xx while it was down; ` +
          `Redis was down ${downMs} ms and came back from its AOF; the run in flight ended ${summary.status}.`,
      });
    } finally {
      await fleet.stop();
    }
  });
});
