import { expect } from 'chai';
import { MASK } from '../../libs/ops/index.js';
import { PERSON, seedFailedJob, userJobData } from '../support/dashboard-fixtures.js';
import {
  OPERATOR,
  SESSION_SECRET,
  VIEWER,
  startDashboard,
  type DashboardHarness,
} from '../support/dashboard-harness.js';
import type { DashboardClient } from '../support/dashboard-http.js';
import { SCRIPT_TAG } from './hostile-text.js';
import { rawRequest, type RawAnswer } from './raw-http.js';

const STACK_FRAME = /\bat .*\(?[^\s()]+:\d+:\d+\)?/;

/** A hostile request's answer: a client error (or a plain answer), never a server error, never a leak. */
function expectNoLeak(answer: { status: number; text: string }, what: string): void {
  expect(answer.status, `${what}: status`).to.be.below(500);
  expect(answer.text, `${what}: stack trace`).not.to.match(STACK_FRAME);
  for (const secret of [
    SESSION_SECRET,
    OPERATOR.password,
    VIEWER.password,
    'scrypt$',
    'node_modules',
    '/work/',
  ]) {
    expect(answer.text, `${what}: leaks ${secret}`).not.to.contain(secret);
  }
}

describe('hostile: requests to the dashboard', function () {
  this.timeout(120_000);
  let h: DashboardHarness;
  let operator: DashboardClient;
  let viewer: DashboardClient;

  /** A raw request with `client`'s cookies, and its CSRF token in the header unless `csrf: false`. */
  const send = (
    client: DashboardClient | null,
    method: string,
    path: string,
    options: { body?: string | Buffer; type?: string; csrf?: boolean | string; accept?: string } = {},
  ): Promise<RawAnswer> => {
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    if (client?.cookies.size) headers.cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (client && options.csrf !== false)
      headers['x-csrf-token'] = typeof options.csrf === 'string' ? options.csrf : client.csrfToken;
    if (options.type) headers['content-type'] = options.type;
    return rawRequest(h.baseUrl, method, path, { headers, body: options.body });
  };

  before(async () => {
    h = await startDashboard();
    await seedFailedJob(
      h.queues.entities.users,
      `update users ${SCRIPT_TAG}`,
      userJobData('run-hostile', '1002'),
      `SafetyAmp 422: ${SCRIPT_TAG} email ${PERSON.email}`,
    );
    operator = await h.operator();
    viewer = await h.viewer();
  });
  after(async () => h?.close());

  describe('oversized bodies', () => {
    it('a JSON body over the limit: 413', async () => {
      const body = JSON.stringify({ types: ['users'], padding: 'x'.repeat(100_000) });
      const res = await send(operator, 'POST', '/api/runs', { body, type: 'application/json' });
      expect(res.status).to.equal(413);
      expectNoLeak(res, 'big JSON');
    });

    it('a form over the limit, signed in or at the login form: 413', async () => {
      const body = `types=users&_csrf=${operator.csrfToken}&padding=${'x'.repeat(100_000)}`;
      const form = 'application/x-www-form-urlencoded';
      const page = await send(operator, 'POST', '/actions/run', { body, type: form, accept: 'text/html' });
      expect(page.status).to.equal(413);
      expectNoLeak(page, 'big form');
      const login = await send(h.anonymous(), 'POST', '/login', {
        body: `username=${'u'.repeat(1_000_000)}`,
        type: form,
        accept: 'text/html',
      });
      expect(login.status).to.equal(413);
      expectNoLeak(login, 'big login');
    });

    it('a 30 KB cookie header: 431, before any route', async () => {
      const res = await rawRequest(h.baseUrl, 'GET', '/', { headers: { cookie: `x=${'c'.repeat(30_000)}` } });
      expect(res.status).to.equal(431);
    });
  });

  describe('bodies that are not what they claim', () => {
    const cases: [string, string, string, number][] = [
      ['cut-off JSON', '{"types": [', 'application/json', 400],
      ['a JSON null (not an object)', 'null', 'application/json', 400],
      ['a JSON string', '"users"', 'application/json', 400],
      ['a form sent as JSON', 'types=users', 'application/json', 400],
      ['an unsupported charset', '{"types":["users"]}', 'application/json; charset=latin1', 415],
      ['an array 3,000 deep', `{"types":${'['.repeat(3000)}${']'.repeat(3000)}}`, 'application/json', 400],
      ['an unknown type with markup', `{"types":["users${SCRIPT_TAG}"]}`, 'application/json', 400],
      ['a type given as an object', '{"types":{"0":"users"}}', 'application/json', 400],
    ];
    for (const [name, body, type, status] of cases) {
      it(`${name}: ${status}`, async () => {
        const res = await send(operator, 'POST', '/api/runs', { body, type });
        expect(res.status, res.text).to.equal(status);
        expect(res.text).not.to.contain('<script>');
        expectNoLeak(res, name);
      });
    }

    it('__proto__ in a body is plain data: the run is asked for, nothing is polluted', async () => {
      const body =
        '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"types":"users"}';
      const res = await send(operator, 'POST', '/api/runs', { body, type: 'application/json' });
      expect(res.status).to.equal(202);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });
  });

  describe('paths: traversal and odd characters in job ids, run ids and keys', () => {
    const cases: [string, string, string, number][] = [
      ['traversal under the board', 'GET', '/board/static/../../../../../../etc/passwd', 404],
      ['encoded traversal under the board', 'GET', '/board/static/..%2f..%2f..%2f..%2fpackage.json', 404],
      ['double-encoded traversal', 'GET', '/board/static/%252e%252e%252fpackage.json', 404],
      ['traversal in a run id', 'GET', '/api/runs/..%2F..%2Fetc%2Fpasswd', 404],
      ['a malformed escape in a run id', 'GET', '/api/runs/%E0%A4%A', 400],
      ['NUL in a run id', 'GET', '/api/runs/%00', 404],
      ['a run id of 8,000 characters', 'GET', `/api/runs/${'r'.repeat(8000)}`, 404],
      ['a glob in a run id', 'GET', '/api/runs/*', 404],
      ['an unknown type in an audit lookup', 'GET', '/api/audit/nosuch/1', 400],
      ['a 300-character audit key', 'GET', `/api/audit/users/${'k'.repeat(300)}`, 400],
      [
        'a failed-record filter that is markup',
        'GET',
        `/api/failed?type=${encodeURIComponent(SCRIPT_TAG)}`,
        400,
      ],
      ['a failed-record filter given twice', 'GET', '/api/failed?type=users&type=sites', 400],
      ['NUL as a job id to retry', 'POST', '/api/failed/users/%00/retry', 404],
      ['traversal as a job id to retry', 'POST', '/api/failed/users/..%2F..%2Fx/retry', 404],
      ['a malformed escape as a job id', 'POST', '/api/failed/users/%E0%A4%A/retry', 400],
      ['a job id of 2,000 characters', 'POST', `/api/failed/users/${'j'.repeat(2000)}/retry`, 400],
      ['traversal as a type', 'POST', '/api/failed/..%2Fusers/1/retry', 400],
      ['a Bull Board job that is NUL', 'GET', '/board/api/queues/sync-users/%00', 404],
      ['a Bull Board retry of a traversal', 'PUT', '/board/api/queues/sync-users/..%2F..%2Fx/retry', 404],
      ['a Bull Board queue that does not exist', 'PUT', '/board/api/queues/%3Cscript%3E/1/retry', 404],
      ['a CRLF in a path (header splitting)', 'GET', '/runs/%0d%0aSet-Cookie:%20hostile=1', 404],
    ];
    for (const [name, method, path, status] of cases) {
      it(`${name}: ${status}`, async () => {
        const res = await send(operator, method, path, {
          body: method === 'GET' ? undefined : '{}',
          type: 'application/json',
        });
        expect(res.status, res.text.slice(0, 200)).to.equal(status);
        expect(res.text).not.to.match(/root:x:0:0|"name": ?"safetyamp-sync"/);
        expect(res.headers['set-cookie'] ?? []).not.to.satisfy((c: string[]) =>
          c.some((v) => v.includes('hostile')),
        );
        expectNoLeak(res, name);
      });
    }

    it('an odd key is looked up as data: an empty trail, the key escaped on the page', async () => {
      const key = `${SCRIPT_TAG}\u0000\u202E`;
      const api = await send(operator, 'GET', `/api/audit/users/${encodeURIComponent(key)}`);
      expect(api.status).to.equal(200);
      expect(JSON.parse(api.text)).to.deep.equal({ type: 'users', key, entries: [] });
      const page = await send(operator, 'GET', `/audit?type=users&key=${encodeURIComponent(key)}`, {
        accept: 'text/html',
      });
      expect(page.status).to.equal(200);
      expect(page.text).not.to.contain('<script>window');
      expect(page.text).to.contain('&lt;script&gt;window');
      expectNoLeak(page, 'odd audit key page');
    });

    it("a dry run's plan asked for at an offset past any number Redis takes: the page, never a 5xx", async () => {
      const runId = 'run-1700000000000-hostile';
      await h.runRecords.start(runId, 'sync', 'dashboard', true, new Date());
      for (const offset of ['99999999999999999999', '-1', '1e400', 'NaN', '0x10']) {
        const res = await send(operator, 'GET', `/api/runs/${runId}?offset=${offset}`);
        expect(res.status, offset).to.equal(200);
        expect(JSON.parse(res.text).plan.changes, offset).to.deep.equal([]);
      }
    });

    it('a notice key that names an Object member shows no notice', async () => {
      for (const notice of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
        const page = await send(operator, 'GET', `/?notice=${notice}`, { accept: 'text/html' });
        expect(page.status, notice).to.equal(200);
        expect(page.text, notice).not.to.match(/native code|\[object Object\]/);
        expect(page.text, notice).not.to.contain('class="notice"');
      }
    });

    it('a run id with markup: a 404 page that shows it escaped', async () => {
      const page = await send(operator, 'GET', `/runs/${encodeURIComponent(SCRIPT_TAG)}`, {
        accept: 'text/html',
      });
      expect(page.status).to.equal(404);
      expect(page.text).to.contain('No run &lt;script&gt;window');
      expect(page.text).not.to.contain('<script>window');
    });
  });

  describe('CSRF', () => {
    const pause = (client: DashboardClient, csrf: boolean | string, cookies?: Map<string, string>) => {
      const saved = new Map(client.cookies);
      if (cookies) {
        client.cookies.clear();
        for (const [k, v] of cookies) client.cookies.set(k, v);
      }
      return send(client, 'POST', '/api/fleet/pause', { body: '{}', type: 'application/json', csrf }).finally(
        () => {
          client.cookies.clear();
          for (const [k, v] of saved) client.cookies.set(k, v);
        },
      );
    };

    it("a missing, forged, or other session's token: 403 csrf, and the fleet is not paused", async () => {
      const other = await h.operator();
      const forged = `${'a'.repeat(64)}|${'b'.repeat(64)}`;
      for (const [name, csrf] of [
        ['missing', false],
        ['forged', forged],
        ['empty', ''],
        ['another session', other.csrfToken],
        ['markup', SCRIPT_TAG],
      ] as const) {
        const res = await pause(operator, csrf);
        expect(res.status, name).to.equal(403);
        expect(JSON.parse(res.text), name).to.deep.equal({
          error: { key: 'csrf', message: 'Missing or invalid CSRF token: reload the page and try again.' },
        });
        expectNoLeak(res, name);
      }
      const withoutCookie = new Map([...operator.cookies].filter(([k]) => k !== 'XSRF-TOKEN'));
      const res = await pause(operator, true, withoutCookie);
      expect(res.status, 'token without its cookie').to.equal(403);
      expect(await h.control.isPaused()).to.equal(false);
    });

    it("a viewer's own valid token still cannot change anything: 403 forbidden", async () => {
      const res = await pause(viewer, true);
      expect(res.status).to.equal(403);
      expect(JSON.parse(res.text).error.key).to.equal('forbidden');
      expect(await h.control.isPaused()).to.equal(false);
    });
  });

  describe('sessions', () => {
    it('a forged or unsigned session cookie is no session: 401', async () => {
      for (const cookie of [
        'fleet.sid=s%3Aforged.c2lnbmF0dXJl',
        'fleet.sid=plain-id',
        `fleet.sid=${'%00'.repeat(100)}`,
      ]) {
        const res = await rawRequest(h.baseUrl, 'GET', '/api/me', {
          headers: { cookie, accept: 'application/json' },
        });
        expect(res.status, cookie).to.equal(401);
        expectNoLeak(res, cookie);
      }
    });

    it('session fixation: a session id planted before sign-in is worthless after it', async () => {
      const victim = h.anonymous();
      await victim.page('/login');
      const planted = victim.cookies.get('fleet.sid');
      expect(planted).to.be.a('string');
      await victim.signIn(OPERATOR.name, OPERATOR.password);
      expect(victim.cookies.get('fleet.sid')).to.not.equal(planted);
      const attacker = await rawRequest(h.baseUrl, 'GET', '/api/me', {
        headers: { cookie: `fleet.sid=${planted}`, accept: 'application/json' },
      });
      expect(attacker.status).to.equal(401);
      expect((await victim.get('/api/me')).status).to.equal(200);
    });
  });

  describe('what a viewer is answered', () => {
    it('hostile names come back as data, with no personal value', async () => {
      const res = await send(viewer, 'GET', '/api/failed');
      expect(res.status).to.equal(200);
      const failed = JSON.parse(res.text).failed as { name: string; reason: string }[];
      expect(failed.map((f) => f.name)).to.include(`update users ${SCRIPT_TAG}`);
      for (const value of Object.values(PERSON)) expect(res.text).not.to.contain(value);
      const board = await send(
        viewer,
        'GET',
        '/board/api/queues?activeQueue=sync-users&status=failed&page=1',
      );
      expect(board.status).to.equal(200);
      expect(board.text).to.contain(MASK);
      for (const value of Object.values(PERSON)) expect(board.text).not.to.contain(value);
    });

    it('Bull Board given nonsense paging and statuses: never a 5xx', async () => {
      for (const query of [
        'activeQueue=%3Cscript%3E&status=failed&page=1',
        'activeQueue=sync-users&status=%3Cscript%3E&page=1',
        'activeQueue=sync-users&status=failed&page=-5&jobsPerPage=1000000000',
        'activeQueue=sync-users&status=failed&page=NaN&jobsPerPage=abc',
        'activeQueue[]=x&status[]=y',
      ]) {
        const res = await send(viewer, 'GET', `/board/api/queues?${query}`);
        expectNoLeak(res, query);
      }
    });
  });
});
