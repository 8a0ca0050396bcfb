import { expect } from 'chai';
import type { FleetStatus, RecordsSyncRequested, TriggeredRun } from '../../../libs/ops/index.js';
import { personalUpdate, seedFailedJob, userJobData } from '../../support/dashboard-fixtures.js';
import { startDashboard, type DashboardHarness } from '../../support/dashboard-harness.js';
import type { DashboardClient } from '../../support/dashboard-http.js';

type ErrorBody = { error: { key: string } };

describe('dashboard: ops API and pages', function () {
  let h: DashboardHarness;
  let operator: DashboardClient;

  before(async () => {
    h = await startDashboard();
    operator = await h.operator();
    await operator.page('/');
  });
  after(async () => h.close());

  it('triggers a run of some types for the producer, named after the operator', async () => {
    const res = await operator.send('POST', '/api/runs', { types: ['users', 'sites', 'users'] });
    expect(res.status).to.equal(202);
    const run = res.json<TriggeredRun>();
    expect(run.runId).to.match(/^run-\d+-[0-9a-f]+$/);
    expect(run.types).to.deep.equal(['sites', 'users']);
    const job = await h.queues.runs.getJob(run.runId);
    expect(job?.name).to.equal('sync');
    expect(job?.data).to.deep.equal({
      kind: 'sync',
      trigger: 'dashboard',
      requestedBy: 'olivia',
      types: ['sites', 'users'],
    });
  });

  it('refuses unknown entity types', async () => {
    const res = await operator.send('POST', '/api/runs', { types: ['people'] });
    expect(res.status).to.equal(400);
    expect(res.json<ErrorBody>().error.key).to.equal('invalid-request');
  });

  it('syncs named records now: a run of those keys alone, at the head of the runs queue', async () => {
    await operator.send('POST', '/api/runs', {});
    const res = await operator.send('POST', '/api/records/sync', { keys: 'users:001234, sites:30031.' });
    expect(res.status).to.equal(202);
    const run = res.json<RecordsSyncRequested>();
    expect(run.keys).to.deep.equal({ users: ['1234'], sites: ['30031.'] });
    const job = await h.queues.runs.getJob(run.runId);
    expect(job?.data).to.deep.equal({
      kind: 'sync',
      trigger: 'dashboard',
      requestedBy: 'olivia',
      keys: { users: ['1234'], sites: ['30031.'] },
    });
    // Next to be taken, ahead of the run queued before it.
    const [next] = await h.queues.runs.getWaiting(0, 0);
    expect(next?.id).to.equal(run.runId);
    const viaForm = await operator.submit('/actions/sync-records', { keys: 'users:4711' });
    expect(viaForm.status).to.equal(303);
    expect(viaForm.headers.get('location')).to.match(/^\/runs\/run-/);
    await h.queues.runs.drain();
  });

  it('counts quiet runs instead of listing them: "N quiet runs since …" under the last runs', async () => {
    for (const at of ['2026-11-30T07:01:00.000Z', '2026-11-30T07:02:00.000Z']) {
      const runId = `run-${Date.parse(at)}-quiet`;
      await h.runRecords.start(runId, 'sync', 'schedule', false, new Date(at));
      await h.runRecords.foldQuiet(runId, new Date(at), 120);
    }
    const api = await operator.get('/api/runs');
    const body = api.json<{ runs: { runId: string }[]; quietRuns: { count: number; since: string } }>();
    expect(body.quietRuns).to.include({ count: 2, since: '2026-11-30T07:01:00.000Z' });
    expect(body.runs.map((r) => r.runId)).to.not.include('run-1796022060000-quiet');
    const page = await operator.page('/');
    expect(page.text).to.match(/2 quiet runs since 2026-11-30 07:01:00Z/);
  });

  it('refuses to sync records of an unknown type, saying why', async () => {
    const res = await operator.send('POST', '/api/records/sync', { keys: 'people:1234' });
    expect(res.status).to.equal(400);
    expect(res.json<{ error: { key: string; message: string } }>().error.message).to.match(
      /unknown type "people"/,
    );
  });

  it('triggers a dry run from the page form and shows its plan once the producer recorded it', async () => {
    const res = await operator.submit('/actions/run', { types: ['users'], dryRun: 'true' });
    expect(res.status).to.equal(303);
    const location = res.headers.get('location') ?? '';
    const runId = decodeURIComponent(location.replace('/runs/', ''));
    const job = await h.queues.runs.getJob(runId);
    expect(job?.data).to.deep.include({ kind: 'sync', dryRun: true, types: ['users'] });

    // What the producer does with a dry run: a run record with the plan, nothing enqueued.
    await h.runRecords.start(runId, 'sync', 'dashboard', true, new Date());
    await h.runRecords.recordPlannedChanges(runId, [
      personalUpdate('2001'),
      { ...personalUpdate('2002'), action: 'create' },
    ]);
    await h.runRecords.finish(runId, 'completed', new Date());
    const planPage = await operator.page(location);
    expect(planPage.status).to.equal(200);
    expect(planPage.text).to.contain('Plan of this dry run');
    expect(planPage.text).to.match(/<td>update<\/td>\s*<td>users<\/td>\s*<td>2001<\/td>/);
    expect(planPage.text).to.match(/<td>create<\/td>\s*<td>users<\/td>\s*<td>2002<\/td>/);
    const api = await operator.get(`/api/runs/${encodeURIComponent(runId)}`);
    expect(api.json<{ plan: { changes: unknown[] } }>().plan.changes).to.have.length(2);
  });

  it('triggers a reconcile', async () => {
    const res = await operator.send('POST', '/api/reconcile');
    expect(res.status).to.equal(202);
    const job = await h.queues.runs.getJob(res.json<TriggeredRun>().runId);
    expect(job?.name).to.equal('reconcile');
    expect(job?.data.kind).to.equal('reconcile');
  });

  it('shows the invalid records of the last run with their reasons', async () => {
    const runId = 'run-9999999999999-invalid';
    await h.runRecords.start(runId, 'sync', 'schedule', false, new Date(Date.now() + 60_000));
    await h.runRecords.recordPlan(
      runId,
      { users: { invalid: 1 } },
      [
        {
          type: 'users',
          key: '3003',
          field: 'home_site_id',
          reason: 'no recent open job and no home-office site',
        },
      ],
      [],
    );
    await h.runRecords.setRunning(runId, new Date(Date.now() + 600_000));
    const res = await operator.get('/api/invalid');
    expect(res.json()).to.deep.equal({
      runId,
      invalid: [
        {
          type: 'users',
          key: '3003',
          field: 'home_site_id',
          reason: 'no recent open job and no home-office site',
        },
      ],
    });
    const home = await operator.page('/');
    expect(home.text).to.contain('no recent open job and no home-office site');
  });

  it('reports fleet status: pause, current run and progress, last runs, budget and breakers', async () => {
    const now = new Date().toISOString();
    await h.workers.beat({
      workerId: 'w-open',
      host: 'pod-a',
      queues: ['sync-users'],
      concurrency: 4,
      breaker: 'open',
      startedAt: now,
      seenAt: now,
    });
    await h.limiter.acquire();
    for (const jobId of ['u1', 'u2', 'u3', 'u4'])
      await h.runRecords.settleJob('run-9999999999999-invalid', jobId, 'users', 'updated');
    await h.queues.entities.users.add('update users 5005', userJobData('run-9999999999999-invalid', '5005'));
    const status = (await operator.get('/api/status')).json<FleetStatus>();
    expect(status.paused).to.equal(false);
    expect(status.currentRun?.runId).to.equal('run-9999999999999-invalid');
    expect(status.currentRun?.progress).to.deep.equal({ done: 4, remaining: 1 });
    expect(status.lastRuns.map((r) => r.runId)).to.include('run-9999999999999-invalid');
    expect(status.lastRuns[0]?.totals.updated).to.equal(4);
    expect(status.budget).to.include({ used: 1, max: 60, windowMs: 61_000 });
    expect(status.workers.breakers).to.deep.equal({ closed: 0, halfOpen: 0, open: 1 });
    expect(status.backlogCalls).to.equal(1);
    expect(status.drainSeconds).to.be.closeTo(1 / (60 / 61), 1e-9);
    expect(status.queues.find((q) => q.queue === 'sync-users')?.title).to.equal('Employees → users');
  });

  it('shows the audit trail of writes for one key', async () => {
    await h.audit.append({
      at: '2026-01-02T03:04:05.000Z',
      runId: 'run-a',
      type: 'sites',
      key: 'J-100',
      action: 'update',
      safetyampId: 77,
      changes: { cluster_id: { from: 1, to: 2 } },
      jobId: 'update-sites-J-100',
    });
    const res = await operator.get('/api/audit/sites/J-100');
    expect(
      res.json<{ entries: { safetyampId: number }[] }>().entries.map((e) => e.safetyampId),
    ).to.deep.equal([77]);
    const refused = await operator.get('/api/audit/people/J-100');
    expect(refused.status).to.equal(400);
    expect(refused.json<ErrorBody>().error.key).to.equal('invalid-request');
    const page = await operator.page('/audit?type=sites&key=J-100');
    expect(page.text).to.contain('cluster_id');
    expect(page.text).to.contain('run-a');
  });

  it('lists failed records and retries one so the worker re-plans it', async () => {
    const job = await seedFailedJob(
      h.queues.entities.titles,
      'create titles welder',
      userJobData('run-b', 'welder'),
      'SafetyAmp answered 422',
    );
    const list = await operator.get('/api/failed?type=titles');
    const failed = list.json<{ failed: { jobId: string; name: string; key: string; reason: string }[] }>()
      .failed;
    expect(failed).to.have.length(1);
    expect(failed[0]).to.include({
      jobId: job.id,
      name: 'create titles welder',
      key: 'welder',
      reason: 'SafetyAmp answered 422',
    });

    const viaForm = await operator.submit('/actions/retry', { type: 'titles', jobId: String(job.id) });
    expect(viaForm.status).to.equal(303);
    expect(await job.getState()).to.equal('waiting');
    const again = await operator.send(
      'POST',
      `/api/failed/titles/${encodeURIComponent(String(job.id))}/retry`,
    );
    expect(again.status).to.equal(409);
    expect(again.json<ErrorBody>().error.key).to.equal('job-not-failed');
    const missing = await operator.send('POST', '/api/failed/titles/no-such-job/retry');
    expect(missing.status).to.equal(404);
    expect(missing.json<ErrorBody>().error.key).to.equal('job-not-found');
  });

  it('answers 404 for a run it does not keep', async () => {
    const api = await operator.get('/api/runs/run-0-nothing');
    expect(api.status).to.equal(404);
    expect(api.json<ErrorBody>().error.key).to.equal('run-not-found');
    const page = await operator.page('/runs/run-0-nothing');
    expect(page.status).to.equal(404);
    expect(page.text).to.contain('No run run-0-nothing is kept.');
  });
});
