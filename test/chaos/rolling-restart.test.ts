import { expect } from 'chai';
import { expectSyncedApartFromInvalid } from '../support/fleet-assertions.js';
import { ChaosFleet, until } from './chaos-fleet.js';
import { describeFull } from './chaos-results.js';
import { expectDesiredState } from './desired-state.js';

describeFull('chaos: a rolling restart of every worker during a drain', function () {
  this.timeout(600_000);

  it('SIGTERM to each worker in turn (a replacement started first): no job lost, no record written twice', async () => {
    // A budget of 8 calls/s makes the drain outlast the restarts: every worker holds jobs when it is stopped.
    const fleet = await ChaosFleet.start({
      faults: { lenient: true },
      rateLimit: { max: 8, windowMs: 1_000 },
    });
    try {
      const run = fleet.sync();
      await until(() => fleet.posts('sites').length >= 3, 'the drain to be under way');
      const stopped: string[] = [];
      for (const old of fleet.alive('worker')) {
        const replacement = fleet.startWorker();
        await until(
          async () => (await fleet.heartbeats()).some((b) => b.pid === replacement.child.pid),
          'the replacement to announce itself',
        );
        const holding = await fleet.activeEntityJobs();
        const mine: string[] = [];
        for (const { type, job } of holding)
          if ((await fleet.processNamed(job.processedBy)) === old)
            mine.push(`${type} ${job.data.change.key}`);
        expect(mine.length, `jobs worker ${old.child.pid} held when it was stopped`).to.be.greaterThan(0);
        await fleet.kill(old, 'SIGTERM');
        stopped.push(
          `pid ${old.child.pid} (exit ${String(old.child.exitCode)}, holding ${mine.length} job(s))`,
        );
        expect(old.child.exitCode, `worker ${old.child.pid} exit code after SIGTERM`).to.equal(0);
      }
      const { summary } = await run;
      expectSyncedApartFromInvalid(summary);

      // No record written twice: every create and update reached SafetyAmp once (no fault here loses an answer).
      const writes = new Map<string, number>();
      for (const call of fleet.h.safetyamp.calls())
        if (call.method !== 'GET' && call.status >= 200 && call.status < 300) {
          const body = call.body as Record<string, unknown>;
          const { emp_id, external_code, serial, name, parent_cluster_id } = body;
          const key = `${call.method} ${call.path} ${JSON.stringify({ emp_id, external_code, serial, name, parent_cluster_id })}`;
          writes.set(key, (writes.get(key) ?? 0) + 1);
        }
      const twice = [...writes].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
      expect(twice, 'writes sent twice').to.deep.equal([]);

      await expectDesiredState(fleet, {
        scenario:
          '6. rolling restart: SIGTERM to each of 3 workers in turn during the drain (lenient, budget 8/s)',
        runs: [summary],
        proof: `workers stopped in turn, each after its replacement announced itself: ${stopped.join('; ')}; no write was sent twice.`,
      });
    } finally {
      await fleet.stop();
    }
  });
});
