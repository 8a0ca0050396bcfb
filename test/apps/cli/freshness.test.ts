import { expect } from 'chai';
import { once } from 'node:events';
import { createRedisConnection } from '../../../libs/queue/connections.js';
import { FleetQueues } from '../../../libs/queue/fleet-queues.js';
import { RunRecords, type RunSummary } from '../../../libs/state/run-records.js';
import { FleetHarness } from '../../support/fleet-harness.js';

const COMPANY = { employees: 60, jobs: 15, departments: 4, vehicles: 5 };

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A new hire in Vista, with the Entra account that gives them an e-mail. */
function hire(h: FleetHarness, employee: number): void {
  const db = h.vistaDatabase();
  const model = db.prepare('SELECT * FROM bPREH WHERE PRCo = 1 AND TermDate IS NULL LIMIT 1').get() as Record<
    string,
    unknown
  >;
  const email = `new.hire.${employee}@company.example`;
  const columns = Object.keys(model);
  db.prepare(
    `INSERT INTO bPREH (${columns.join(',')}) VALUES (${columns.map((c) => `@${c}`).join(',')})`,
  ).run({
    ...model,
    Employee: employee,
    Email: email,
  });
  db.close();
  h.graph.upsertUser({
    id: `new-hire-${employee}`,
    employeeId: String(employee),
    mail: email,
    userPrincipalName: email,
    accountEnabled: true,
    mobilePhone: null,
    businessPhones: [],
  });
}

describe('freshness: a one-minute-style schedule and syncing one record now', function () {
  this.timeout(300_000);

  it('a tick every second never overlaps a slow run, and runs with nothing to do are counted, not kept', async () => {
    const h = await FleetHarness.start({ company: COMPANY });
    const redis = createRedisConnection(h.redisUrl);
    const runs = new RunRecords(redis, h.keyPrefix);
    const queues = new FleetQueues(redis, h.keyPrefix);
    try {
      // The first run writes the whole company through slow answers: it spans many ticks.
      h.safetyamp.setFaults({ latencyMs: 100 });
      const producer = h.spawnFleet(['producer'], { SYNC_SCHEDULE: '* * * * * *' });
      const worker = h.spawnFleet(['worker']);
      let waitingMax = 0;
      const slow = await until('the first run is running', async () => {
        return (await runs.list(5)).find((r) => r.status === 'running');
      });
      // While it runs, the ticks queue at most one run behind it (coalesced), and nothing else runs.
      const finished = await until('the slow run finished', async () => {
        waitingMax = Math.max(waitingMax, await queues.runs.getWaitingCount());
        const active = await queues.runs.getActiveCount();
        expect(active).to.be.at.most(1);
        const run = await runs.get(slow.runId);
        return run?.finishedAt ? run : undefined;
      });
      expect(finished.safetyampCalls).to.be.greaterThan(0);
      expect(waitingMax).to.be.at.most(1);
      h.safetyamp.setFaults({ latencyMs: 0 });
      // Then runs with nothing to do follow, one a second: counted, not kept.
      const quiet = await until('five quiet runs were counted', async () => {
        const counted = await runs.quietRuns();
        return counted.count >= 5 ? counted : undefined;
      });
      expect(quiet.since).to.be.a('string');
      for (const child of [producer, worker]) child.kill('SIGTERM');
      await Promise.all([once(producer, 'exit'), once(worker, 'exit')]);
      const kept = (await runs.list(100)).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
      // Kept: the slow run and the run after it (the first to see nothing new), not one per tick.
      expect(kept.length).to.be.lessThan(quiet.count);
      for (let i = 1; i < kept.length; i += 1) {
        const before = kept[i - 1] as RunSummary;
        const after = kept[i] as RunSummary;
        expect(
          Date.parse(after.startedAt),
          `${after.runId} starts after ${before.runId} ends`,
        ).to.be.at.least(Date.parse(before.finishedAt ?? ''));
      }
      expect(Date.parse(quiet.since ?? '')).to.be.at.least(Date.parse(finished.finishedAt ?? ''));
    } finally {
      await queues.close();
      await redis.quit();
      await h.close();
    }
  });

  it('fleet sync --keys syncs the named new hire now, and nothing else', async () => {
    const h = await FleetHarness.start({ company: COMPANY });
    try {
      await h.sync();
      hire(h, 990_001);
      hire(h, 990_002);
      const named = await h.sync(['--inline', '--keys', 'users:990001']);
      expect(named.summary.users.created).to.equal(1);
      const written = (h.safetyamp.state().users ?? []).filter((u) => String(u.emp_id).startsWith('99000'));
      expect(written.map((u) => String(u.emp_id))).to.deep.equal(['990001']);
      const totals = (['clusters', 'sites', 'titles', 'assets'] as const).map(
        (t) => named.summary[t].created + named.summary[t].updated + named.summary[t].deactivated,
      );
      expect(totals).to.deep.equal([0, 0, 0, 0]);
      // The next run syncs the other one.
      const next = await h.sync();
      expect(next.summary.users.created).to.equal(1);
    } finally {
      await h.close();
    }
  });

  it('fleet sync --keys refuses an unknown type with the reason (exit 2)', async () => {
    const h = await FleetHarness.start({ company: COMPANY });
    try {
      const result = await h.runFleet(['sync', '--keys', 'people:1234']);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.contain('unknown type "people"');
    } finally {
      await h.close();
    }
  });
});
