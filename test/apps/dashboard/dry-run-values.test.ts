import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import type { RunDetails } from '../../../libs/ops/index.js';
import { PERSON, personalUpdate } from '../../support/dashboard-fixtures.js';
import { startDashboard, type DashboardHarness } from '../../support/dashboard-harness.js';
import type { DashboardClient } from '../../support/dashboard-http.js';

const RUN_ID = 'run-9999999999999-dryvalues';

describe('dashboard: a dry run’s plan with values, before → after, and its CSV', function () {
  let h: DashboardHarness;
  let operator: DashboardClient;
  let viewer: DashboardClient;

  before(async () => {
    h = await startDashboard();
    [operator, viewer] = await Promise.all([h.operator(), h.viewer()]);
    await h.runRecords.start(RUN_ID, 'sync', 'dashboard', true, new Date());
    await h.runRecords.recordPlannedChanges(RUN_ID, [
      personalUpdate('2001'),
      {
        type: 'sites',
        key: 'J-7',
        action: 'update',
        id: 70,
        payload: { cluster_id: 12 },
        previous: { cluster_id: 11 },
        fingerprint: 'fp-j7',
      },
      { type: 'titles', key: 'welder', action: 'create', payload: { name: 'Welder' }, fingerprint: 'fp-w' },
    ]);
    await h.runRecords.finish(RUN_ID, 'completed', new Date());
  });
  after(async () => h.close());

  it('shows an operator each field before → after', async () => {
    const details = (await operator.get(`/api/runs/${RUN_ID}`)).json<RunDetails>();
    expect(details.plan?.fields).to.deep.include.members([
      {
        type: 'users',
        key: '2001',
        action: 'update',
        field: 'first_name',
        before: 'Rosa',
        after: PERSON.first_name,
      },
      { type: 'sites', key: 'J-7', action: 'update', field: 'cluster_id', before: 11, after: 12 },
      { type: 'titles', key: 'welder', action: 'create', field: 'name', before: null, after: 'Welder' },
    ]);
    const page = await operator.page(`/runs/${RUN_ID}`);
    expect(page.text).to.match(/<code>first_name<\/code>: <del>Rosa<\/del> → <ins\s*>Rosalind<\/ins\s*>/);
    expect(page.text).to.match(/<code>cluster_id<\/code>: <del>11<\/del> → <ins\s*>12<\/ins\s*>/);
    expect(page.text).to.contain(`href="/runs/${RUN_ID}/plan.csv"`);
  });

  it('masks personal values on both sides for a viewer, keys and other fields shown', async () => {
    const details = (await viewer.get(`/api/runs/${RUN_ID}`)).json<RunDetails>();
    expect(details.plan?.fields).to.deep.include.members([
      { type: 'users', key: '2001', action: 'update', field: 'first_name', before: '***', after: '***' },
      { type: 'sites', key: 'J-7', action: 'update', field: 'cluster_id', before: 11, after: 12 },
    ]);
    const page = await viewer.page(`/runs/${RUN_ID}`);
    const csv = await viewer.get(`/runs/${RUN_ID}/plan.csv`);
    for (const text of [page.text, csv.text, JSON.stringify(details)])
      for (const value of [...Object.values(PERSON), 'Rosa', 'rosa.q@example.com', '+15045550999'])
        expect(text, value).not.to.contain(value);
  });

  it('downloads the plan as CSV, one line per field', async () => {
    const csv = await operator.get(`/runs/${RUN_ID}/plan.csv`);
    expect(csv.status, csv.text).to.equal(200);
    expect(csv.headers.get('content-type')).to.match(/^text\/csv/);
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(rows).to.have.length(Object.keys(personalUpdate('2001').payload).length + 2);
    expect(rows).to.deep.include({
      type: 'users',
      key: '2001',
      action: 'update',
      field: 'mobile_phone',
      before: `'+15045550999`,
      after: `'${PERSON.mobile_phone}`,
    });
    expect(rows).to.deep.include({
      type: 'titles',
      key: 'welder',
      action: 'create',
      field: 'name',
      before: '',
      after: 'Welder',
    });
    expect((await operator.get('/runs/run-0-none/plan.csv')).status).to.equal(404);
  });
});
