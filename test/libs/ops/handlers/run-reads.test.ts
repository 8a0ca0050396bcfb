import { expect } from 'chai';
import {
  getFleetStatus,
  getLastRunInvalidRecords,
  getRunDetails,
  listRuns,
  MASK,
} from '../../../../libs/ops/index.js';
import { PERSON, personalUpdate, userJobData } from '../../../support/dashboard-fixtures.js';
import {
  bodyOf,
  errorKeyOf,
  OPERATOR,
  realOpsContext,
  request,
  VIEWER,
  type RealOpsContext,
} from '../real-ops-context.js';

const DRY = 'run-1700000000000-dry';
const LIVE = 'run-1800000000000-live';
const QUOTING = `email ${PERSON.email} is not valid`;

describe('ops handlers: fleet status and runs', () => {
  let r: RealOpsContext;
  before(async () => {
    r = realOpsContext();
    const { runRecords } = r.ctx;
    await runRecords.start(DRY, 'sync', 'dashboard', true, new Date('2026-01-20T00:00:00Z'));
    await runRecords.recordPlannedChanges(DRY, [personalUpdate('1001'), personalUpdate('1002')]);
    await runRecords.finish(DRY, 'completed', new Date('2026-01-20T00:01:00Z'));
    await runRecords.start(LIVE, 'sync', 'schedule', false, new Date('2026-02-01T00:00:00Z'));
    await runRecords.recordPlan(
      LIVE,
      { users: { invalid: 1 } },
      [{ type: 'users', key: '3003', field: 'email', reason: QUOTING }],
      [],
    );
    await runRecords.setRunning(LIVE, new Date('2026-02-01T01:00:00Z'));
    for (const jobId of ['u-1', 'u-2', 'u-3', 'u-4'])
      await runRecords.settleJob(LIVE, jobId, 'users', 'updated');
    await runRecords.settleJob(LIVE, 'j-1', 'users', 'failed', {
      type: 'users',
      key: '1002',
      jobId: 'j-1',
      reason: QUOTING,
    });
    await r.ctx.queues.entities.users.add('update users 5005', userJobData(LIVE, '5005'));
    const now = new Date().toISOString();
    await r.ctx.workers.beat({
      workerId: 'w-b',
      host: 'pod-b',
      queues: ['sync-users'],
      concurrency: 4,
      breaker: 'closed',
      startedAt: now,
      seenAt: now,
    });
    await r.ctx.workers.beat({
      workerId: 'w-a',
      host: 'pod-a',
      queues: ['sync-users'],
      concurrency: 4,
      breaker: 'open',
      startedAt: now,
      seenAt: now,
    });
    await r.limiter.acquire();
  });
  after(async () => r.close());

  it('reports the fleet: pause, the current run and its progress, backlog, drain time, budget, workers', async () => {
    const status = bodyOf(await getFleetStatus(r.ctx, request(OPERATOR)));
    expect(status.paused).to.equal(false);
    expect(status.currentRun?.runId).to.equal(LIVE);
    // Done: 4 updated and 1 failed; remaining: the one waiting job.
    expect(status.currentRun?.progress).to.deep.equal({ done: 5, remaining: 1 });
    expect(status.lastRuns.map((run) => run.runId)).to.deep.equal([LIVE, DRY]);
    expect(status.backlogCalls).to.equal(1);
    expect(status.drainSeconds).to.be.closeTo(61 / 60, 1e-9);
    expect(status.budget).to.include({ used: 1, max: 60, windowMs: 61_000 });
    expect(status.budget?.utilisation).to.be.closeTo(1 / 60, 1e-9);
    expect(status.workers.alive).to.equal(2);
    expect(status.workers.breakers).to.deep.equal({ closed: 1, halfOpen: 0, open: 1 });
    expect(status.workers.list.map((w) => w.workerId)).to.deep.equal(['w-a', 'w-b']);
    expect(status.queues.map((q) => q.queue)).to.deep.equal([
      'runs',
      'sync-clusters',
      'sync-sites',
      'sync-titles',
      'sync-users',
      'sync-assets',
    ]);
  });

  it("scrubs the current run's failure reasons for a viewer", async () => {
    const status = bodyOf(await getFleetStatus(r.ctx, request(VIEWER)));
    expect(status.currentRun?.failures[0]?.reason).to.equal('email ***@*** is not valid');
    expect(JSON.stringify(status)).not.to.contain(PERSON.email);
  });

  it('lists the newest runs, as many as asked within 1 to 100', async () => {
    expect(bodyOf(await listRuns(r.ctx, request(OPERATOR))).runs.map((run) => run.runId)).to.deep.equal([
      LIVE,
      DRY,
    ]);
    const one = bodyOf(await listRuns(r.ctx, request(OPERATOR, { query: { limit: '1' } })));
    expect(one.runs.map((run) => run.runId)).to.deep.equal([LIVE]);
    const clamped = bodyOf(await listRuns(r.ctx, request(OPERATOR, { query: { limit: '-5' } })));
    expect(clamped.runs).to.have.length(1);
  });

  it("answers a dry run's plan, its personal fields masked for a viewer", async () => {
    const own = bodyOf(await getRunDetails(r.ctx, request(OPERATOR, { params: { runId: DRY } })));
    expect(own.run.dryRun).to.equal(true);
    expect(own.plan?.changes.map((c) => c.key)).to.deep.equal(['1001', '1002']);
    expect(own.plan?.changes[0]?.payload.email).to.equal(PERSON.email);
    const seen = bodyOf(await getRunDetails(r.ctx, request(VIEWER, { params: { runId: DRY } })));
    expect(seen.plan?.changes[0]?.payload.email).to.equal(MASK);
    expect(seen.plan?.changes[0]?.payload.emp_id).to.equal('1001');
    const page = bodyOf(
      await getRunDetails(r.ctx, request(OPERATOR, { params: { runId: DRY }, query: { offset: '1' } })),
    );
    expect(page.plan).to.deep.include({ offset: 1 });
    expect(page.plan?.changes.map((c) => c.key)).to.deep.equal(['1002']);
  });

  it("answers a run's invalid records (reasons scrubbed for a viewer), no plan for a real run", async () => {
    const seen = bodyOf(await getRunDetails(r.ctx, request(VIEWER, { params: { runId: LIVE } })));
    expect(seen.plan).to.equal(null);
    expect(seen.invalid).to.deep.equal([
      { type: 'users', key: '3003', field: 'email', reason: 'email ***@*** is not valid' },
    ]);
  });

  it('answers 404 run-not-found for a run it does not keep', async () => {
    const result = await getRunDetails(r.ctx, request(OPERATOR, { params: { runId: 'run-0-nothing' } }));
    expect([result.status, errorKeyOf(result)]).to.deep.equal([404, 'run-not-found']);
  });

  it('answers the invalid records of the last planned run', async () => {
    expect(bodyOf(await getLastRunInvalidRecords(r.ctx, request(OPERATOR)))).to.deep.equal({
      runId: LIVE,
      invalid: [{ type: 'users', key: '3003', field: 'email', reason: QUOTING }],
    });
    const seen = bodyOf(await getLastRunInvalidRecords(r.ctx, request(VIEWER)));
    expect(seen.invalid[0]?.reason).not.to.contain(PERSON.email);
  });
});
