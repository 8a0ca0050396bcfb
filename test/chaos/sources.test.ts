import { expect } from 'chai';
import { Agent, fetch } from 'undici';
import type { EntityType } from '../../libs/domain/types.js';
import type { RunSummary } from '../../libs/state/run-records.js';
import { expectNoDuplicates, expectSyncedApartFromInvalid } from '../support/fleet-assertions.js';
import { ChaosFleet } from './chaos-fleet.js';
import { describeFull } from './chaos-results.js';
import { expectDesiredState } from './desired-state.js';

const NEVER = '0 0 1 1 *';

const writes = (summary: RunSummary, type: EntityType): number =>
  summary[type].created + summary[type].updated + summary[type].deactivated;

/** The employees query of the Vista reader (queries.ts `employeesSql`), and only it. */
const EMPLOYEES_QUERY = 'SELECT Employee, FirstName';

/** A `/__sim` control of a simulator: a POST of JSON answered 204. */
async function simControl(url: string, body: object, ca?: string): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(ca !== undefined ? { dispatcher: new Agent({ connect: { ca } }) } : {}),
  });
  expect(res.status, `${url}: ${await res.text()}`).to.equal(204);
}

describeFull(
  'chaos: the sources failing (TDS cut mid-result, Graph token endpoint, Samsara cursor loop)',
  function () {
    this.timeout(600_000);

    it('each source fault skips only the types that need it, deactivates nobody, and the next run converges', async () => {
      // No scheduled run: each run here is one the test asks for, so each summary is the run that met the fault.
      const fleet = await ChaosFleet.start({
        faults: { lenient: true },
        // The Vista breaker a cut read opens stays open 2 s, not 30: the runs here follow each other at once.
        env: { SYNC_SCHEDULE: NEVER, RECONCILE_SCHEDULE: NEVER, VISTA_BREAKER_RESET: '2s' },
      });
      const { h } = fleet;
      try {
        const lastNameOf = (empId: unknown): unknown =>
          (h.safetyamp.state().users ?? []).find((u) => u.emp_id === empId)?.last_name;
        const rename = (empId: unknown): void => {
          const db = h.vistaDatabase();
          db.prepare("UPDATE bPREH SET LastName = 'Renamed' WHERE PRCo = 1 AND Employee = ?").run(
            Number(empId),
          );
          db.close();
        };
        const plannedWrites = (type: EntityType): number =>
          fleet.initialPlan.entities[type]?.changes.length ?? 0;
        expect(plannedWrites('users'), 'users the seeded tenant lacks').to.be.greaterThan(40);

        // Run 1: the Graph token endpoint answers 500 (every cached token revoked, so the fleet must ask), and
        // Samsara's vehicle cursor loops from the first page on.
        await simControl(
          `${h.graph.url}/__sim/faults/token`,
          // Retry-After 1 s: MSAL holds its token requests back that long in the process (60 s without one).
          { count: 'unlimited', status: 500, retryAfterSeconds: 1, revokeTokens: true },
          h.graph.caPem,
        );
        await simControl(`${h.samsara.url}/__sim/faults/cursor-loop`, {
          afterPage: 1,
          path: '/fleet/vehicles',
        });
        const before = h.safetyamp.state();
        const faulted = await fleet.sync();
        const failedTokens = h.graph.calls().filter((c) => c.kind === 'token' && c.status === 500).length;
        const loopedPages = h.samsara.calls().filter((c) => c.fault === 'cursor-loop').length;
        expect(failedTokens, 'token requests answered 500').to.be.greaterThan(0);
        expect(loopedPages, 'vehicle pages whose cursor looped').to.be.greaterThan(0);
        expect(faulted.code, faulted.stderr.slice(-2000)).to.equal(1);
        expect(faulted.summary.status).to.equal('completed_with_errors');
        const skipped = Object.fromEntries(faulted.summary.skipped.map((s) => [s.type, s]));
        expect(Object.keys(skipped)).to.have.members(['users', 'assets']);
        expect(skipped.users).to.include({ source: 'graph' });
        expect(skipped.users?.reason).to.match(
          /^graph unavailable \(GraphUnreachableError: Entra ID token authority .* failed/,
        );
        expect(skipped.assets).to.include({ source: 'samsara' });
        expect(skipped.assets?.reason).to.match(
          /^samsara unavailable \(SamsaraRequestError: .*the cursor loops/,
        );
        for (const type of ['clusters', 'sites', 'titles'] as const) {
          expect(faulted.summary[type].created, `${type} created`).to.be.greaterThan(0);
          expect(faulted.summary[type].failed, `${type} failed`).to.equal(0);
        }
        expect(writes(faulted.summary, 'users') + writes(faulted.summary, 'assets')).to.equal(0);
        expect(h.safetyamp.state().users, 'no user written while Graph is down').to.deep.equal(before.users);
        expect(h.safetyamp.state().assets, 'no asset written while Samsara loops').to.deep.equal(
          before.assets,
        );

        // Run 2: both faults cleared: users and assets catch up.
        await simControl(`${h.graph.url}/__sim/faults/token`, { count: 0 }, h.graph.caPem);
        await simControl(`${h.samsara.url}/__sim/faults/cursor-loop`, { afterPage: null });
        await new Promise((resolve) => setTimeout(resolve, 1_100)); // the Retry-After above
        const cleared = await fleet.sync();
        expectSyncedApartFromInvalid(cleared.summary);
        for (const type of ['users', 'assets'] as const) {
          expect(writes(cleared.summary, type), `${type} written once the source is back`).to.equal(
            plannedWrites(type),
          );
          expect(plannedWrites(type), `${type} the seeded tenant lacks`).to.be.greaterThan(0);
        }

        // Run 3: another employee renamed (so the employees are read in full), and every read of them cut by the
        // TDS endpoint after 40 rows. A partial list taken as complete would deactivate everyone after row 40.
        const activeUsers = (h.safetyamp.state().users ?? []).filter(
          (u) => u.emp_id && u.system_access !== false,
        );
        expect(activeUsers.length, 'active users').to.be.greaterThan(40);
        const lastRenamed = activeUsers[activeUsers.length - 1]?.emp_id;
        rename(lastRenamed);
        Object.assign(h.vista.testFaults, { match: EMPLOYEES_QUERY, destroyAfterRows: 40 });
        const stateBeforeCut = h.safetyamp.state();
        const callsBeforeCut = h.safetyamp.calls().length;
        const requestsBeforeCut = h.vista.requests().length;
        const cut = await fleet.sync();
        const cuts = h.vista
          .requests()
          .slice(requestsBeforeCut)
          .filter((r) => r.fault === 'connection-cut' && r.sql.includes(EMPLOYEES_QUERY)).length;
        expect(cuts, 'employee reads the TDS endpoint cut mid-result').to.be.greaterThan(1);
        expect(cut.code, cut.stderr.slice(-2000)).to.equal(1);
        expect(cut.summary.status).to.equal('completed_with_errors');
        expect(cut.summary.skipped.map((s) => `${s.type}:${s.source}`)).to.have.members(
          ['clusters', 'sites', 'titles', 'users', 'assets'].map((t) => `${t}:vista`),
        );
        for (const s of cut.summary.skipped) expect(s.reason).to.match(/^vista unavailable \(.+\)$/);
        expect(cut.summary.users.deactivated, 'users deactivated').to.equal(0);
        expect(cut.summary.safetyampCalls).to.equal(0);
        expect(h.safetyamp.calls().length - callsBeforeCut, 'SafetyAmp calls while Vista is cut').to.equal(0);
        expect(h.safetyamp.state(), 'SafetyAmp untouched').to.deep.equal(stateBeforeCut);

        // Run 4: the cut cleared: the rename is synced, nothing else moves.
        delete h.vista.testFaults.destroyAfterRows;
        delete h.vista.testFaults.match;
        await new Promise((resolve) => setTimeout(resolve, 2_100)); // VISTA_BREAKER_RESET above
        const back = await fleet.sync();
        expectSyncedApartFromInvalid(back.summary);
        expect(back.summary.users.updated, 'the renamed employee').to.equal(1);
        expect(lastNameOf(lastRenamed)).to.equal('Renamed');
        expect(back.summary.users.deactivated).to.equal(0);
        expectNoDuplicates(h);

        await expectDesiredState(fleet, {
          scenario:
            '7. sources failing: Graph token endpoint 500 + Samsara cursor loop (one run), then the TDS endpoint cutting every employee read after 40 rows (lenient)',
          runs: [faulted.summary, cleared.summary, cut.summary, back.summary],
          proof:
            `Graph's token endpoint answered ${failedTokens} × 500 and Samsara ${loopedPages} looping page(s): the ` +
            `run skipped users ("${skipped.users?.reason ?? ''}") and assets ("${skipped.assets?.reason ?? ''}") and ` +
            `synced the rest; the next run created the users and assets. Then the TDS endpoint cut ${cuts} employee reads mid-result: ` +
            `every type skipped (vista unavailable), 0 SafetyAmp calls, 0 deactivated; once cleared the run synced ` +
            `the one renamed employee.`,
        });
      } finally {
        await fleet.stop();
      }
    });
  },
);
