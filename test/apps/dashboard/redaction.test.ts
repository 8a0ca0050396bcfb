import { expect } from 'chai';
import type { Job } from 'bullmq';
import { MASK } from '../../../libs/ops/index.js';
import type { EntityJobData } from '../../../libs/queue/index.js';
import { PERSON, personalUpdate, seedFailedJob, userJobData } from '../../support/dashboard-fixtures.js';
import { startDashboard, type DashboardHarness } from '../../support/dashboard-harness.js';
import type { DashboardClient } from '../../support/dashboard-http.js';

const PERSONAL_VALUES = [...Object.values(PERSON), 'Rosa', 'rosa.q@example.com', '+15045550999'];

function expectNoPersonalValue(text: string, where: string): void {
  for (const value of PERSONAL_VALUES) expect(text, `${where} shows ${value}`).not.to.contain(value);
}

describe('dashboard: personal data', function () {
  let h: DashboardHarness;
  let waiting: Job<EntityJobData>;
  let failed: Job<EntityJobData>;
  let viewer: DashboardClient;
  let operator: DashboardClient;
  const runId = 'run-1700000000000-dryrun';

  before(async () => {
    h = await startDashboard();
    failed = await seedFailedJob(
      h.queues.entities.users,
      'update users 1002',
      userJobData(runId, '1002'),
      `SafetyAmp 422: email ${PERSON.email} has already been taken; phone ${PERSON.mobile_phone}`,
    );
    // Added after the failed one: the worker that failed it would have taken this one too.
    waiting = (await h.queues.entities.users.add('update users 1001', userJobData(runId, '1001'), {
      jobId: 'update-users-1001',
    })) as Job<EntityJobData>;
    await h.runRecords.start(runId, 'sync', 'dashboard', true, new Date());
    await h.runRecords.recordPlannedChanges(runId, [personalUpdate('1001')]);
    await h.runRecords.finish(runId, 'completed', new Date());
    await h.audit.append({
      at: new Date().toISOString(),
      runId,
      type: 'users',
      key: '1001',
      action: 'update',
      safetyampId: 'sa-1001',
      changes: { email: { from: 'rosa.q@example.com', to: PERSON.email }, home_site_id: { from: 1, to: 2 } },
      jobId: 'update-users-1001',
    });
    viewer = await h.viewer();
    operator = await h.operator();
  });
  after(async () => h.close());

  it("masks a job's personal fields on the viewer's board and shows them to operators", async () => {
    type One = { job: { name: string; data: EntityJobData } };
    const path = `/board/api/queues/sync-users/${waiting.id}`;
    const seen = (await viewer.get(path)).json<One>().job;
    expect(seen.name).to.equal('update users 1001');
    const payload = seen.data.change.payload;
    expect(payload.emp_id).to.equal('1001');
    for (const field of Object.keys(PERSON)) expect(payload[field], field).to.equal(MASK);
    expect(seen.data.change.previous).to.deep.equal({ first_name: MASK, email: MASK, mobile_phone: MASK });
    expectNoPersonalValue(JSON.stringify(seen), 'viewer job');

    const own = (await operator.get(path)).json<One>().job;
    expect(own.data.change.payload.email).to.equal(PERSON.email);
    expect(own.data.change.payload.first_name).to.equal(PERSON.first_name);
  });

  it('masks the job lists and scrubs failure reasons for viewers', async () => {
    for (const status of ['waiting', 'failed', 'latest']) {
      const res = await viewer.get(
        `/board/api/queues?activeQueue=sync-users&status=${status}&page=1&jobsPerPage=50`,
      );
      expect(res.status).to.equal(200);
      expect(res.text, status).to.contain('update users 100');
      expectNoPersonalValue(res.text, `viewer list ${status}`);
    }
    const one = (await viewer.get(`/board/api/queues/sync-users/${failed.id}`)).json<{
      job: { failedReason: string };
    }>().job;
    expect(one.failedReason).to.contain('has already been taken');
    expectNoPersonalValue(one.failedReason, 'failed reason');
    const own = (await operator.get(`/board/api/queues/sync-users/${failed.id}`)).json<{
      job: { failedReason: string };
    }>().job;
    expect(own.failedReason).to.contain(PERSON.email);
  });

  it("masks a dry run's plan and the audit trail for viewers, in the API and on the pages", async () => {
    const plan = await viewer.get(`/api/runs/${runId}`);
    expect(plan.status).to.equal(200);
    const changes = plan.json<{ plan: { changes: { key: string; payload: Record<string, unknown> }[] } }>()
      .plan.changes;
    expect(changes).to.have.length(1);
    expect(changes[0]?.key).to.equal('1001');
    expect(changes[0]?.payload.last_name).to.equal(MASK);
    expectNoPersonalValue(plan.text, 'viewer plan');
    expect((await operator.get(`/api/runs/${runId}`)).text).to.contain(PERSON.last_name);

    const audit = await viewer.get('/api/audit/users/1001');
    expect(
      audit.json<{ entries: { changes: Record<string, unknown> }[] }>().entries[0]?.changes,
    ).to.deep.equal({
      email: MASK,
      home_site_id: { from: 1, to: 2 },
    });
    expect((await operator.get('/api/audit/users/1001')).text).to.contain(PERSON.email);

    for (const path of ['/', `/runs/${runId}`, '/audit?type=users&key=1001']) {
      const res = await viewer.page(path);
      expect(res.status, path).to.equal(200);
      expectNoPersonalValue(res.text, `viewer page ${path}`);
    }
    expect((await operator.page(`/runs/${runId}`)).text).to.contain(PERSON.street);
    expect((await operator.page('/')).text).to.contain(PERSON.email);
  });

  it('never puts personal values in /metrics', async () => {
    const metrics = await h.anonymous().get('/metrics');
    expect(metrics.status).to.equal(200);
    expectNoPersonalValue(metrics.text, '/metrics');
  });
});
