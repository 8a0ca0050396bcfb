import { expect } from 'chai';
import type { Job } from 'bullmq';
import { CSRF_REFUSAL } from '../../../apps/dashboard/routes/fallback-routes.js';
import { FLEET_ACTIONS, refusalOf, ROLES } from '../../../libs/ops/index.js';
import type { EntityJobData } from '../../../libs/queue/index.js';
import { seedFailedJob, userJobData } from '../../support/dashboard-fixtures.js';
import { startDashboard, type DashboardHarness } from '../../support/dashboard-harness.js';
import type { DashboardClient, HttpAnswer } from '../../support/dashboard-http.js';

/** The reasons a person's page gets as text, by the key an API client gets for them. */
const TEXT_REASONS = new Map<string, string>([
  [CSRF_REFUSAL, 'csrf'],
  ...ROLES.flatMap((role) =>
    [undefined, ...FLEET_ACTIONS].map((action) => [refusalOf(role, action).message, 'forbidden'] as const),
  ),
]);

/** Why a write was refused: the error key of a JSON answer, or the key of a page's text answer. */
function reasonOf(answer: HttpAnswer): string {
  if (answer.headers.get('content-type')?.startsWith('application/json')) {
    return answer.json<{ error: { key: string } }>().error.key;
  }
  return TEXT_REASONS.get(answer.text) ?? `unexpected text: ${answer.text}`;
}

describe('dashboard: roles and CSRF', function () {
  let h: DashboardHarness;
  let failed: Job<EntityJobData>;
  let jobPath: string;

  before(async () => {
    h = await startDashboard();
    failed = await seedFailedJob(
      h.queues.entities.users,
      'update users 4711',
      userJobData('run-1', '4711'),
      'HTTP 422',
    );
    jobPath = `/board/api/queues/sync-users/${encodeURIComponent(String(failed.id))}`;
  });
  after(async () => h.close());

  async function expectNothingChanged(): Promise<void> {
    expect(await failed.getState()).to.equal('failed');
    expect(await h.control.isPaused()).to.equal(false);
    expect(await h.queues.runs.count()).to.equal(0);
    expect(await h.queues.entities.users.getJobCountByTypes('failed')).to.equal(1);
  }

  /** Every write a person can attempt, through Bull Board's API, the JSON API and the page forms. */
  async function attemptEveryWrite(
    client: DashboardClient,
    withToken: boolean,
  ): Promise<[string, number, string][]> {
    const token: Record<string, string> = withToken
      ? { 'x-csrf-token': client.csrfToken, 'x-xsrf-token': client.csrfToken }
      : {};
    const put = (path: string) => client.request('PUT', path, { json: {}, headers: token });
    const post = (path: string, json: unknown = {}) => client.request('POST', path, { json, headers: token });
    const form = (path: string, fields: Record<string, string> = {}) =>
      client.request('POST', path, {
        form: withToken ? { _csrf: client.csrfToken, ...fields } : fields,
        headers: { accept: 'text/html' },
      });
    const attempts: [string, Promise<HttpAnswer>][] = [
      ['board retry job', put(`${jobPath}/retry`)],
      ['board clean job', put(`${jobPath}/clean`)],
      ['board retry all failed', put('/board/api/queues/sync-users/retry/failed')],
      ['board clean failed', put('/board/api/queues/sync-users/clean/failed')],
      ['board pause queue', put('/board/api/queues/sync-users/pause')],
      ['board pause all', put('/board/api/queues/pause')],
      ['board empty queue', put('/board/api/queues/runs/empty')],
      ['board add job', post('/board/api/queues/runs/add', { name: 'sync', data: {} })],
      ['api pause', post('/api/fleet/pause')],
      ['api trigger run', post('/api/runs', { types: ['users'] })],
      ['api dry run', post('/api/runs', { dryRun: true })],
      ['api reconcile', post('/api/reconcile')],
      ['api sync records', post('/api/records/sync', { keys: 'users:1234' })],
      ['api retry', post(`/api/failed/users/${encodeURIComponent(String(failed.id))}/retry`)],
      ['form pause', form('/actions/pause')],
      ['form trigger run', form('/actions/run', { types: 'users' })],
      ['form reconcile', form('/actions/reconcile')],
      ['form sync records', form('/actions/sync-records', { keys: 'users:1234' })],
      ['form retry', form('/actions/retry', { type: 'users', jobId: String(failed.id) })],
    ];
    const out: [string, number, string][] = [];
    for (const [what, attempt] of attempts) {
      const answer = await attempt;
      out.push([what, answer.status, reasonOf(answer)]);
    }
    return out;
  }

  it('lets a viewer change nothing, even with a valid CSRF token', async () => {
    const viewer = await h.viewer();
    await viewer.page('/board/');
    expect(viewer.csrfToken).to.not.equal('');
    for (const [what, status, reason] of await attemptEveryWrite(viewer, true)) {
      expect(status, what).to.equal(403);
      expect(reason, what).to.equal('forbidden');
    }
    await expectNothingChanged();
  });

  it('shows the viewer a read-only board (no retries) and the operator a writable one', async () => {
    const viewer = await h.viewer();
    const operator = await h.operator();
    type Queues = { queues: { name: string; readOnlyMode: boolean; allowRetries: boolean }[] };
    const seen = (await viewer.get('/board/api/queues')).json<Queues>().queues;
    expect(seen.map((q) => q.name).sort()).to.deep.equal(
      ['runs', 'sync-assets', 'sync-clusters', 'sync-sites', 'sync-titles', 'sync-users'].sort(),
    );
    expect(seen.every((q) => q.readOnlyMode && !q.allowRetries)).to.equal(true);
    const own = (await operator.get('/board/api/queues')).json<Queues>().queues;
    expect(own.every((q) => !q.readOnlyMode && q.allowRetries)).to.equal(true);
  });

  it('refuses an operator every state change without the CSRF token', async () => {
    const operator = await h.operator();
    for (const [what, status, reason] of await attemptEveryWrite(operator, false)) {
      expect(status, what).to.equal(403);
      expect(reason, what).to.equal('csrf');
    }
    await expectNothingChanged();
  });

  it('refuses a token issued to another session', async () => {
    const first = await h.operator();
    const second = await h.operator();
    await first.page('/');
    await second.page('/');
    const res = await second.request('POST', '/api/fleet/pause', {
      json: {},
      headers: { 'x-csrf-token': first.csrfToken },
    });
    expect(res.status).to.equal(403);
    expect(reasonOf(res)).to.equal('csrf');
    expect(await h.control.isPaused()).to.equal(false);
  });

  it('lets an operator with the token pause and resume the fleet', async () => {
    const operator = await h.operator();
    await operator.page('/');
    const paused = await operator.send('POST', '/api/fleet/pause');
    expect(paused.status).to.equal(200);
    expect(paused.json()).to.deep.equal({ paused: true });
    expect(await h.control.isPaused()).to.equal(true);
    const form = await operator.submit('/actions/resume');
    expect(form.status).to.equal(303);
    expect(await h.control.isPaused()).to.equal(false);
    const headers = { 'x-xsrf-token': operator.csrfToken };
    const one = await operator.request('PUT', '/board/api/queues/sync-sites/pause', { json: {}, headers });
    expect(one.status).to.be.oneOf([200, 204]);
    expect(await h.queues.entities.sites.isPaused()).to.equal(true);
    await operator.request('PUT', '/board/api/queues/sync-sites/resume', { json: {}, headers });
    expect(await h.control.isPaused()).to.equal(false);
  });

  it("refuses an operator the board's writes that would bypass the planner", async () => {
    const operator = await h.operator();
    await operator.page('/board/');
    const headers = { 'x-xsrf-token': operator.csrfToken };
    const attempts: [string, string, unknown][] = [
      ['POST', '/board/api/queues/runs/add', { name: 'sync', data: { kind: 'sync' } }],
      ['PUT', '/board/api/queues/runs/empty', {}],
      ['PUT', '/board/api/queues/sync-users/obliterate', {}],
      ['PATCH', `${jobPath}/update-data`, { data: { runId: 'x' } }],
      ['PUT', '/board/api/queues/sync-users/concurrency', { concurrency: 100 }],
    ];
    for (const [method, path, json] of attempts) {
      const res = await operator.request(method, path, { json, headers });
      expect(res.status, `${method} ${path}`).to.equal(403);
      // Bull Board's own refusal (its before hook), in its error shape: no role would be allowed this.
      const body = res.json<{ error: { key: string }; message: string }>();
      expect(body.error.key, `${method} ${path}`).to.equal('ERRORS.FORBIDDEN');
      expect(body.message, `${method} ${path}`).to.match(/^Not from the dashboard/);
    }
    await expectNothingChanged();
    const kept = await h.queues.entities.users.getJob(String(failed.id));
    expect(kept?.data.runId).to.equal('run-1');
  });

  it("lets an operator retry through Bull Board's own API with the XSRF header its UI sends", async () => {
    const operator = await h.operator();
    await operator.page('/board/');
    const res = await operator.request('PUT', `${jobPath}/retry`, {
      json: {},
      headers: { 'x-xsrf-token': operator.csrfToken },
    });
    expect(res.status).to.equal(204);
    expect(await failed.getState()).to.equal('waiting');
    // Put it back for the other tests' "nothing changed" checks.
    await failed.remove();
    failed = await seedFailedJob(
      h.queues.entities.users,
      'update users 4711',
      userJobData('run-1', '4711'),
      'HTTP 422',
    );
    jobPath = `/board/api/queues/sync-users/${encodeURIComponent(String(failed.id))}`;
  });
});
