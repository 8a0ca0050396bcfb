import { expect } from 'chai';
import type { LastDrift } from '../../../libs/ops/index.js';
import { startDashboard, type DashboardHarness } from '../../support/dashboard-harness.js';

describe('dashboard: what the last reconcile found changed outside the fleet', function () {
  let h: DashboardHarness;

  before(async () => {
    h = await startDashboard();
  });
  after(async () => h.close());

  it('shows field, value found and value written; personal values masked for a viewer', async () => {
    const [operator, viewer] = await Promise.all([h.operator(), h.viewer()]);
    expect((await viewer.get('/api/drift')).json()).to.deep.equal({ drift: null });
    await h.drift.record('run-9-reconcile', new Date('2026-01-02T03:04:05.000Z'), [
      {
        type: 'users',
        key: '1001',
        id: 'u1',
        field: 'email',
        found: 'ann@elsewhere.test',
        written: 'ann@example.test',
      },
      { type: 'assets', key: 'SER-1', id: 9, field: 'site_id', found: 4, written: 3 },
    ]);
    const seenByViewer = (await viewer.get('/api/drift')).json<LastDrift>().drift;
    expect(seenByViewer?.findings).to.deep.equal([
      { type: 'users', key: '1001', id: 'u1', field: 'email', found: '***', written: '***' },
      { type: 'assets', key: 'SER-1', id: 9, field: 'site_id', found: 4, written: 3 },
    ]);
    const viewerPage = await viewer.page('/');
    expect(viewerPage.text).to.contain('Changed outside the fleet');
    expect(viewerPage.text).not.to.contain('ann@');
    const operatorPage = await operator.page('/');
    expect(operatorPage.text).to.match(
      /<td>email<\/td>\s*<td>ann@elsewhere.test<\/td>\s*<td>ann@example.test<\/td>/,
    );
  });
});
