import { expect } from 'chai';
import { LOGIN_ATTEMPTS } from '../../../apps/dashboard/routes/login-routes.js';
import {
  startDashboard,
  OPERATOR,
  SESSION_SECRET,
  VIEWER,
  type DashboardHarness,
} from '../../support/dashboard-harness.js';

const METRICS_TOKEN = 'metrics-token-for-tests';

/** Every route behind the session, with a method: none may answer without one. */
const GUARDED: [string, string][] = [
  ['GET', '/'],
  ['GET', '/runs/run-1'],
  ['GET', '/audit?type=users&key=1234'],
  ['GET', '/board'],
  ['GET', '/board/'],
  ['GET', '/board/queue/sync-users'],
  ['GET', '/board/static/favicon-32x32.png'],
  ['GET', '/board/api/queues'],
  ['GET', '/board/api/queues/sync-users/some-job'],
  ['GET', '/board/api/queues/sync-users/some-job/logs'],
  ['PUT', '/board/api/queues/sync-users/some-job/retry'],
  ['PUT', '/board/api/queues/sync-users/clean/failed'],
  ['PUT', '/board/api/queues/sync-users/pause'],
  ['PUT', '/board/api/queues/pause'],
  ['POST', '/board/api/queues/runs/add'],
  ['GET', '/api/me'],
  ['GET', '/api/csrf-token'],
  ['GET', '/api/status'],
  ['GET', '/api/runs'],
  ['GET', '/api/runs/run-1'],
  ['GET', '/api/invalid'],
  ['GET', '/api/audit/users/1234'],
  ['GET', '/api/failed'],
  ['POST', '/api/runs'],
  ['POST', '/api/reconcile'],
  ['POST', '/api/fleet/pause'],
  ['POST', '/api/fleet/resume'],
  ['POST', '/api/failed/users/some-job/retry'],
  ['POST', '/actions/pause'],
  ['POST', '/actions/resume'],
  ['POST', '/actions/run'],
  ['POST', '/actions/reconcile'],
  ['POST', '/actions/retry'],
  ['GET', '/no-such-page'],
];

describe('dashboard: authentication', function () {
  let h: DashboardHarness;

  before(async () => {
    h = await startDashboard({ auth: { metricsToken: METRICS_TOKEN } });
  });
  after(async () => h.close());

  it('refuses every route without a session (API 401, pages sent to /login)', async () => {
    for (const [method, path] of GUARDED) {
      const client = h.anonymous();
      const api = await client.request(method, path, { json: method === 'GET' ? undefined : {} });
      expect(api.status, `${method} ${path} (API)`).to.equal(401);
      expect(api.json<{ error: { key: string } }>().error.key).to.equal('unauthenticated');
      const pageLoad = await client.request(method, path, { headers: { accept: 'text/html' } });
      const isApi = path.startsWith('/api/') || path.startsWith('/board/api/');
      if (method === 'GET' && !isApi) {
        expect(pageLoad.status, `${method} ${path} (page)`).to.equal(303);
        expect(pageLoad.headers.get('location')).to.equal('/login');
      } else expect(pageLoad.status, `${method} ${path} (page)`).to.equal(401);
    }
    expect(await h.control.isPaused()).to.equal(false);
    expect(await h.queues.runs.count()).to.equal(0);
  });

  it('answers /live and /ready without a session, and nothing more', async () => {
    const live = await h.anonymous().get('/live');
    expect(live.status).to.equal(200);
    expect(live.text).to.equal('ok');
    const ready = await h.anonymous().get('/ready');
    expect(ready.status).to.equal(200);
    expect(ready.json<{ status: string }>().status).to.equal('ready');
  });

  it('wants the bearer token on /metrics when one is configured', async () => {
    expect((await h.anonymous().get('/metrics')).status).to.equal(401);
    const wrong = await h.anonymous().get('/metrics', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).to.equal(401);
    const right = await h
      .anonymous()
      .get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(right.status).to.equal(200);
    expect(right.text).to.contain('safetyamp_backlog_drain_seconds');
  });

  it('signs in with the right password only, and regenerates the session', async () => {
    const client = h.anonymous();
    const form = await client.page('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    const anonymousSession = client.cookies.get('fleet.sid');
    const wrong = await client.request('POST', '/login', {
      form: { _csrf: token, username: OPERATOR.name, password: 'not-it' },
      headers: { accept: 'text/html' },
    });
    expect(wrong.status).to.equal(401);
    expect(wrong.text).to.contain('Unknown user or wrong password');
    const unknown = await client.request('POST', '/login', {
      form: { _csrf: token, username: 'mallory', password: 'x' },
      headers: { accept: 'text/html' },
    });
    expect(unknown.status).to.equal(401);

    await client.signIn(OPERATOR.name, OPERATOR.password);
    expect(client.cookies.get('fleet.sid')).to.be.a('string').and.not.equal(anonymousSession);
    const me = await client.get('/api/me');
    expect(me.json()).to.deep.equal({ name: OPERATOR.name, role: 'operator' });
    const home = await client.page('/');
    expect(home.status).to.equal(200);
    expect(home.text).to.contain('olivia (operator)');
  });

  it('refuses a sign-in without the CSRF token of the login form', async () => {
    const client = h.anonymous();
    await client.page('/login');
    const res = await client.request('POST', '/login', {
      form: { username: OPERATOR.name, password: OPERATOR.password },
      headers: { accept: 'text/html' },
    });
    expect(res.status).to.equal(403);
    expect((await client.get('/api/me')).status).to.equal(401);
  });

  it('keeps sessions in Redis and ends them on log-out', async () => {
    const client = await h.operator();
    const sessions = await h.redis.keys(`${h.prefix}:dashboard:session:*`);
    expect(sessions.length).to.be.greaterThan(0);
    const stolen = client.cookies.get('fleet.sid') ?? '';
    const out = await client.submit('/logout');
    expect(out.status).to.equal(303);
    expect(out.headers.get('location')).to.equal('/login');
    const replay = h.anonymous();
    replay.cookies.set('fleet.sid', stolen);
    expect((await replay.get('/api/status')).status).to.equal(401);
  });

  it('sends helmet headers and no secret to the browser', async () => {
    const client = await h.viewer();
    for (const path of ['/', '/board/', '/login']) {
      const res = await client.page(path);
      expect(res.headers.get('content-security-policy'), path).to.contain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), path).to.equal('nosniff');
      expect(res.text, path).not.to.contain(SESSION_SECRET);
      expect(res.text, path).not.to.contain('scrypt$');
    }
    const session = client.cookies.get('fleet.sid') ?? '';
    expect(session).not.to.contain(VIEWER.name);
  });

  it('limits failed sign-ins per client address', async () => {
    const own = await startDashboard();
    try {
      const client = own.anonymous();
      const form = await client.page('/login');
      const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
      const statuses: number[] = [];
      for (let i = 0; i <= LOGIN_ATTEMPTS; i += 1) {
        const res = await client.request('POST', '/login', {
          form: { _csrf: token, username: OPERATOR.name, password: `guess-${i}` },
          headers: { accept: 'text/html' },
        });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, LOGIN_ATTEMPTS).every((s) => s === 401)).to.equal(true);
      expect(statuses[LOGIN_ATTEMPTS]).to.equal(429);
      // The right password is refused too while the limit holds.
      const blocked = await client.request('POST', '/login', {
        form: { _csrf: token, username: OPERATOR.name, password: OPERATOR.password },
        headers: { accept: 'text/html' },
      });
      expect(blocked.status).to.equal(429);
    } finally {
      await own.close();
    }
  });
});

describe('dashboard: sign-in by an authenticating proxy', function () {
  let h: DashboardHarness;

  before(async () => {
    h = await startDashboard({ auth: { proxyHeader: 'X-Auth-User', proxyRoleHeader: 'X-Auth-Role' } });
  });
  after(async () => h.close());

  it('takes the user and role from the proxy headers', async () => {
    const client = h.anonymous();
    const me = await client.get('/api/me', { headers: { 'x-auth-user': 'pat', 'x-auth-role': 'operator' } });
    expect(me.status).to.equal(200);
    expect(me.json()).to.deep.equal({ name: 'pat', role: 'operator' });
  });

  it("gives a proxy user's first page forms a token that its cookie matches", async () => {
    const client = h.anonymous();
    const headers = { 'x-auth-user': 'pat', 'x-auth-role': 'operator', accept: 'text/html' };
    const home = await client.request('GET', '/', { headers });
    expect(home.status).to.equal(200);
    const token =
      /action="\/actions\/pause">\s*<input type="hidden" name="_csrf" value="([^"]+)"/.exec(home.text)?.[1] ??
      'missing';
    expect(token).to.equal(client.csrfToken);
    const paused = await client.request('POST', '/actions/pause', { form: { _csrf: token }, headers });
    expect(paused.status).to.equal(303);
    expect(await h.control.isPaused()).to.equal(true);
    await h.control.resume();
  });

  it('makes an unknown user without a role header a viewer', async () => {
    const me = await h.anonymous().get('/api/me', { headers: { 'x-auth-user': 'sam' } });
    expect(me.json()).to.deep.equal({ name: 'sam', role: 'viewer' });
  });

  it('still refuses a request without the header', async () => {
    expect((await h.anonymous().get('/api/me')).status).to.equal(401);
  });

  it('ignores the headers when the peer is not a trusted proxy hop', async () => {
    const direct = await startDashboard({ auth: { proxyHeader: 'X-Auth-User', trustProxy: false } });
    try {
      const me = await direct.anonymous().get('/api/me', { headers: { 'x-auth-user': 'pat' } });
      expect(me.status).to.equal(401);
    } finally {
      await direct.close();
    }
  });
});
