import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import type { UnsyncedRecords } from '../../../libs/ops/index.js';
import { PERSON, seedFailedJob, userJobData } from '../../support/dashboard-fixtures.js';
import { startDashboard, type DashboardHarness } from '../../support/dashboard-harness.js';
import type { DashboardClient } from '../../support/dashboard-http.js';

const RUN_ID = 'run-9999999999999-unsynced';
const REJECTED = `SafetyAmp answered 422: email ${PERSON.email} has already been taken`;

describe('dashboard: unsynced records by reason, and their CSV downloads', function () {
  let h: DashboardHarness;
  let operator: DashboardClient;
  let viewer: DashboardClient;

  before(async () => {
    h = await startDashboard();
    [operator, viewer] = await Promise.all([h.operator(), h.viewer()]);
    await h.runRecords.start(RUN_ID, 'sync', 'schedule', false, new Date());
    await h.runRecords.recordPlan(
      RUN_ID,
      { users: { invalid: 3 } },
      [
        {
          type: 'users',
          key: '3001',
          field: 'home_site_id',
          reason: 'no home site: recent job "24-1" has no site',
        },
        {
          type: 'users',
          key: '3002',
          field: 'home_site_id',
          reason: 'no home site: recent job "31-7" has no site',
        },
        {
          type: 'users',
          key: '=HYPERLINK("x")',
          field: 'emp_id',
          reason: 'employee number is not a whole number',
        },
      ],
      [],
    );
    await h.runRecords.finish(RUN_ID, 'completed', new Date());
    for (const empId of ['4001', '4002'])
      await seedFailedJob(
        h.queues.entities.users,
        `update users ${empId}`,
        userJobData(RUN_ID, empId),
        REJECTED,
      );
  });
  after(async () => h.close());

  it('groups the invalid records of the last run and the failed records by reason, with counts', async () => {
    const body = (await operator.get('/api/unsynced')).json<UnsyncedRecords>();
    expect(body.runId).to.equal(RUN_ID);
    expect(body.invalid.total).to.equal(3);
    expect(body.invalid.groups).to.deep.equal([
      {
        kind: 'invalid',
        type: 'users',
        field: 'home_site_id',
        reason: 'no home site: recent job "…" has no site',
        count: 2,
        keys: ['3001', '3002'],
      },
      {
        kind: 'invalid',
        type: 'users',
        field: 'emp_id',
        reason: 'employee number is not a whole number',
        count: 1,
        keys: ['=HYPERLINK("x")'],
      },
    ]);
    expect(body.failed.total).to.equal(2);
    expect(body.failed.groups).to.have.length(1);
    expect(body.failed.groups[0]).to.deep.include({
      kind: 'failed',
      type: 'users',
      field: 'rejected',
      count: 2,
    });
    expect(body.failed.groups[0]?.keys).to.have.members(['4001', '4002']);

    const page = await operator.page('/');
    expect(page.text).to.contain('Not synced, by reason');
    expect(page.text).to.contain('href="/records/invalid.csv"');
    expect(page.text).to.contain('href="/records/failed.csv"');
  });

  it('downloads each list as CSV, formulas defused, personal values only for an operator', async () => {
    const invalid = await operator.get('/records/invalid.csv');
    expect(invalid.status).to.equal(200);
    expect(invalid.headers.get('content-type')).to.match(/^text\/csv/);
    expect(invalid.headers.get('content-disposition')).to.match(
      /^attachment; filename="?invalid-records.csv"?$/,
    );
    const rows = parse(invalid.text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.key)).to.deep.equal(['3001', '3002', `'=HYPERLINK("x")`]);
    expect(rows[0]).to.deep.equal({
      type: 'users',
      key: '3001',
      field: 'home_site_id',
      reason: 'no home site: recent job "24-1" has no site',
      run_id: RUN_ID,
    });

    const failedForOperator = parse((await operator.get('/records/failed.csv')).text, {
      columns: true,
    }) as Record<string, string>[];
    expect(failedForOperator.map((r) => r.key)).to.have.members(['4001', '4002']);
    expect(failedForOperator[0]).to.include({
      type: 'users',
      action: 'update',
      reason_class: 'rejected',
      reason: REJECTED,
    });

    const failedForViewer = await viewer.get('/records/failed.csv');
    expect(failedForViewer.status).to.equal(200);
    expect(failedForViewer.text).not.to.contain(PERSON.email);
    expect(failedForViewer.text).to.contain('email ***@*** has already been taken');
    const viewerGroups = (await viewer.get('/api/unsynced')).json<UnsyncedRecords>();
    expect(JSON.stringify(viewerGroups)).not.to.contain(PERSON.email);

    expect((await operator.get('/records/everything.csv')).status).to.equal(404);
    expect((await h.anonymous().get('/records/failed.csv')).status).to.be.oneOf([302, 303, 401]);
  });
});
