import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import fc from 'fast-check';
import { SlidingWindowRateLimiter } from '../../apps/simulators/safetyamp/rate-limiter.js';
import { parseRateLimit, startSafetyAmpSimulator } from '../../apps/simulators/safetyamp/server.js';
import type {
  RunningSafetyAmpSimulator,
  SafetyAmpSeed,
  SafetyAmpSimulatorOptions,
} from '../../apps/simulators/safetyamp/server.js';

interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const SEED: SafetyAmpSeed = {
  site_clusters: [
    { id: 1, name: 'I&I', external_code: 'I&I', parent_cluster_id: null },
    { id: 2, name: 'Lake Charles', external_code: 'Lake Charles', parent_cluster_id: 1 },
    { id: 3, name: 'EPC', external_code: 'EPC', parent_cluster_id: 1 },
    { id: 4, name: '10 - Electrical', external_code: '10', parent_cluster_id: 2 },
  ],
  sites: [
    { id: 100, name: '10001. - Plant A', external_code: '10001.', cluster_id: 4 },
    { id: 101, name: 'Lake Charles office', external_code: null, cluster_id: 2 },
  ],
  user_titles: [{ id: 7, name: 'Foreman' }],
  roles: [{ id: 1, name: 'Field' }],
  asset_types: [{ id: 3183, name: 'Vehicles' }],
  users: [
    {
      id: 'aa000001',
      emp_id: '12',
      first_name: 'Ann',
      last_name: 'Lee',
      email: 'ann.lee@example.com',
      home_site_id: 100,
      system_access: true,
    },
    { id: 'aa000002', emp_id: '123', first_name: 'Bo', last_name: 'Ray', email: 'bo.ray@example.com' },
    { id: 'zz000001', emp_id: null, first_name: 'Admin', last_name: 'User', email: 'admin@example.com' },
  ],
  assets: [
    { id: 50, name: 'Truck 1', serial: 'G1SERIAL', asset_type_id: 3183, site_id: 100 },
    { id: 51, name: 'Truck 2', serial: 'G2SERIAL', asset_type_id: 3183, site_id: 100 },
  ],
};

const NEW_USER = { emp_id: '900', first_name: 'Cy', last_name: 'Ng', email: 'cy.ng@example.com' };

async function call(
  sim: RunningSafetyAmpSimulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string | null> = {},
): Promise<Answer> {
  const base: Record<string, string | null> = {
    Authorization: `Bearer ${sim.token}`,
    Fqdn: sim.fqdn,
    Accept: 'application/json',
    ...(body !== undefined && { 'Content-Type': 'application/json' }),
    ...headers,
  };
  const sent: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== null) sent[key] = value;
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: sent,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // Some answers (a proxy's 502) are HTML.
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

async function simState(sim: RunningSafetyAmpSimulator): Promise<Required<SafetyAmpSeed>> {
  return (await (await fetch(`${sim.url}/__sim/state`)).json()) as Required<SafetyAmpSeed>;
}

describe('SafetyAmp simulator (over TCP)', function () {
  const started: RunningSafetyAmpSimulator[] = [];
  async function start(opts: SafetyAmpSimulatorOptions = {}): Promise<RunningSafetyAmpSimulator> {
    const sim = await startSafetyAmpSimulator({ seed: SEED, rateLimit: null, ...opts });
    started.push(sim);
    return sim;
  }
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sim) => sim.close()));
  });

  describe('auth and tenant', () => {
    it('answers 401 Unauthenticated without a token or with a wrong one', async () => {
      const sim = await start();
      const none = await call(sim, 'GET', '/api/users', undefined, { Authorization: null });
      expect(none.status).to.equal(401);
      expect(none.body).to.deep.equal({ message: 'Unauthenticated.' });
      const wrong = await call(sim, 'GET', '/api/users', undefined, { Authorization: 'Bearer nope' });
      expect(wrong.status).to.equal(401);
      const basic = await call(sim, 'GET', '/api/users', undefined, { Authorization: `Basic ${sim.token}` });
      expect(basic.status).to.equal(401);
    });

    it('answers 400 without Fqdn and 401 for another tenant', async () => {
      const sim = await start({ token: 't0k', fqdn: 'acme.safetyamp.com' });
      expect((await call(sim, 'GET', '/api/users', undefined, { Fqdn: null })).status).to.equal(400);
      const other = await call(sim, 'GET', '/api/users', undefined, { Fqdn: 'other.safetyamp.com' });
      expect(other.status).to.equal(401);
      expect(other.body).to.deep.equal({ message: 'Unauthenticated.' });
      expect((await call(sim, 'GET', '/api/users')).status).to.equal(200);
    });
  });

  describe('listings', () => {
    const many: SafetyAmpSeed = {
      users: Array.from({ length: 250 }, (_, i) => ({
        id: `u${String((i * 7919) % 250).padStart(4, '0')}`,
        emp_id: String(i + 1),
        first_name: 'F',
        last_name: 'L',
        email: `e${i}@example.com`,
      })),
      sites: Array.from({ length: 30 }, (_, i) => ({
        id: 30 - i,
        name: `S${i}`,
        external_code: null,
        cluster_id: 1,
      })),
    };

    it('pages 1-based in id order, serves page 0 and a missing page as page 1, and caps the limit', async () => {
      const sim = await start({ seed: many });
      const first = await call(sim, 'GET', '/api/users?page=1&limit=100');
      expect(first.status).to.equal(200);
      expect(first.body.meta).to.deep.equal({ current_page: 1, last_page: 3, per_page: 100, total: 250 });
      expect((await call(sim, 'GET', '/api/users?page=0&limit=100')).body).to.deep.equal(first.body);
      expect((await call(sim, 'GET', '/api/users?limit=100')).body).to.deep.equal(first.body);

      const capped = await call(sim, 'GET', '/api/users?page=1&limit=1000');
      expect(capped.body.data).to.have.length(100);
      expect(capped.body.meta.per_page).to.equal(100);

      const ids: string[] = [];
      for (let page = 1; ; page++) {
        const answer = await call(sim, 'GET', `/api/users?page=${page}&limit=100`);
        if (answer.body.data.length === 0) {
          expect(page).to.equal(4);
          break;
        }
        ids.push(...answer.body.data.map((u: { id: string }) => u.id));
      }
      expect(ids).to.have.length(250);
      expect(ids).to.deep.equal([...ids].sort());
      expect(new Set(ids).size).to.equal(250);

      const sites = await call(sim, 'GET', '/api/sites?page=1&limit=10');
      expect(sites.body.data.map((s: { id: number }) => s.id)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('honours a lower page cap and keeps the order stable after writes', async () => {
      const sim = await start({ seed: many, pageCap: 7 });
      const page = await call(sim, 'GET', '/api/sites?page=2&limit=25');
      expect(page.body.data.map((s: { id: number }) => s.id)).to.deep.equal([8, 9, 10, 11, 12, 13, 14]);
      expect(page.body.meta).to.deep.equal({ current_page: 2, last_page: 5, per_page: 7, total: 30 });
      const created = await call(sim, 'POST', '/api/users', NEW_USER);
      expect(created.status).to.equal(201);
      const all: string[] = [];
      for (let p = 1; p <= 40; p++) {
        all.push(
          ...(await call(sim, 'GET', `/api/users?page=${p}&limit=7`)).body.data.map(
            (u: { id: string }) => u.id,
          ),
        );
      }
      expect(all).to.have.length(251);
      expect(all).to.deep.equal([...all].sort());
    });

    it('omits meta when configured so; a client then pages until an empty page', async () => {
      const sim = await start({ seed: many, meta: false });
      const answer = await call(sim, 'GET', '/api/users?page=3&limit=100');
      expect(answer.body).to.have.all.keys('data');
      expect(answer.body.data).to.have.length(50);
      expect((await call(sim, 'GET', '/api/users?page=4&limit=100')).body.data).to.deep.equal([]);
    });

    it('finds a user by exact emp_id', async () => {
      const sim = await start();
      const answer = await call(sim, 'GET', '/api/users?emp_id=12');
      expect(answer.body.data.map((u: { id: string }) => u.id)).to.deep.equal(['aa000001']);
      expect(answer.body.meta.total).to.equal(1);
      expect((await call(sim, 'GET', '/api/users?emp_id=1')).body.data).to.deep.equal([]);
    });

    it('serves site_clusters as an unpaged tree with depth', async () => {
      const sim = await start();
      const answer = await call(sim, 'GET', '/api/site_clusters?page=5&limit=1');
      expect(answer.status).to.equal(200);
      expect(answer.body).to.not.have.property('meta');
      const [root] = answer.body.data;
      expect(answer.body.data).to.have.length(1);
      expect(root).to.include({ id: 1, name: 'I&I', parent_cluster_id: null, depth: 0 });
      expect(root.children.map((c: { id: number }) => c.id)).to.deep.equal([2, 3]);
      expect(root.children[0].children[0]).to.deep.include({
        id: 4,
        name: '10 - Electrical',
        external_code: '10',
        parent_cluster_id: 2,
        depth: 2,
        children: [],
      });
    });
  });

  describe('writes', () => {
    it('creates with 201 and ids from counters: integers after the seed, users as short strings', async () => {
      const sim = await start();
      const site = await call(sim, 'POST', '/api/sites', {
        name: 'New',
        external_code: '20002.',
        cluster_id: 4,
      });
      expect(site.status).to.equal(201);
      expect(site.body.data).to.include({ id: 102, name: 'New', external_code: '20002.', cluster_id: 4 });
      const cluster = await call(sim, 'POST', '/api/site_clusters', {
        name: '20 - Civil',
        parent_cluster_id: 3,
        external_code: '20',
        osha_establishment: 0,
      });
      expect(cluster.status).to.equal(201);
      expect(cluster.body.data).to.include({ id: 5, parent_cluster_id: 3, depth: 2 });
      const title = await call(sim, 'POST', '/api/user_titles', { name: '  Welder ' });
      expect(title.body.data).to.deep.equal({ id: 8, name: 'Welder' });
      const user = await call(sim, 'POST', '/api/users', {
        ...NEW_USER,
        home_site_id: 100,
        current_title_id: 8,
      });
      expect(user.status).to.equal(201);
      expect(user.body.data.id).to.match(/^[a-z0-9]{8}$/);
      expect(user.body.data).to.include({ emp_id: '900', system_access: true });
      const asset = await call(sim, 'POST', '/api/assets', {
        name: 'T2',
        serial: 'G2',
        asset_type_id: 3183,
        site_id: 100,
      });
      expect(asset.body.data.id).to.equal(52);

      const again = await start();
      const second = await call(again, 'POST', '/api/users', NEW_USER);
      expect(second.body.data.id).to.equal(user.body.data.id);

      const state = await simState(sim);
      expect(state.users.find((u) => u.emp_id === '900')).to.include({
        home_site_id: 100,
        current_title_id: 8,
      });
      expect(state.site_clusters.find((c) => c.id === 5)).to.include({ parent_cluster_id: 3 });
    });

    it('PATCH changes only the given fields, deactivates with system_access false, and 404s unknown ids', async () => {
      const sim = await start();
      const patched = await call(sim, 'PATCH', '/api/users/aa000001', {
        last_name: 'Lee-Ray',
        system_access: false,
      });
      expect(patched.status).to.equal(200);
      expect(patched.body.data).to.deep.equal({
        ...SEED.users?.[0],
        last_name: 'Lee-Ray',
        system_access: false,
      });
      const site = await call(sim, 'PATCH', '/api/sites/100', { cluster_id: 2 });
      expect(site.body.data).to.deep.equal({ ...SEED.sites?.[0], cluster_id: 2 });
      const moved = await call(sim, 'PATCH', '/api/site_clusters/4', { parent_cluster_id: 3 });
      expect(moved.body.data).to.include({ id: 4, name: '10 - Electrical', parent_cluster_id: 3, depth: 2 });
      expect((await call(sim, 'PATCH', '/api/assets/50', { name: 'Truck One' })).body.data).to.include({
        serial: 'G1SERIAL',
        name: 'Truck One',
      });

      expect((await call(sim, 'PATCH', '/api/users/nope1234', { last_name: 'X' })).status).to.equal(404);
      expect((await call(sim, 'PATCH', '/api/sites/999', { name: 'X' })).status).to.equal(404);
      expect((await call(sim, 'PATCH', '/api/sites/abc', { name: 'X' })).status).to.equal(404);
      const state = await simState(sim);
      expect(state.users[0]).to.include({ last_name: 'Lee-Ray', system_access: false, first_name: 'Ann' });
    });

    it('refuses DELETE, PUT and writes to read-only collections with 405', async () => {
      const sim = await start();
      expect((await call(sim, 'DELETE', '/api/users/aa000001')).status).to.equal(405);
      expect((await call(sim, 'PUT', '/api/sites/100', { name: 'X' })).status).to.equal(405);
      expect((await call(sim, 'POST', '/api/roles', { name: 'X' })).status).to.equal(405);
      expect((await call(sim, 'PATCH', '/api/user_titles/7', { name: 'X' })).status).to.equal(405);
      expect((await call(sim, 'GET', '/api/nothing')).status).to.equal(404);
      expect((await simState(sim)).users).to.have.length(3);
    });
  });

  describe('validation (422, Laravel style)', () => {
    const cases: [string, string, string, unknown, string, string][] = [
      [
        'users: emp_id required',
        'POST',
        '/api/users',
        { ...NEW_USER, emp_id: null },
        'emp_id',
        'The emp id field is required.',
      ],
      [
        'users: first_name required',
        'POST',
        '/api/users',
        { ...NEW_USER, first_name: ' ' },
        'first_name',
        'The first name field is required.',
      ],
      [
        'users: last_name required',
        'POST',
        '/api/users',
        { ...NEW_USER, last_name: undefined },
        'last_name',
        'The last name field is required.',
      ],
      [
        'users: email required',
        'POST',
        '/api/users',
        { ...NEW_USER, email: '' },
        'email',
        'The email field is required.',
      ],
      [
        'users: email valid',
        'POST',
        '/api/users',
        { ...NEW_USER, email: 'not-an-email' },
        'email',
        'The email must be a valid email address.',
      ],
      [
        'users: email unique, any case',
        'POST',
        '/api/users',
        { ...NEW_USER, email: 'ANN.Lee@Example.com' },
        'email',
        'The email has already been taken.',
      ],
      [
        'users: emp_id unique',
        'POST',
        '/api/users',
        { ...NEW_USER, emp_id: '123' },
        'emp_id',
        'The emp id has already been taken.',
      ],
      [
        'users: mobile phone E.164',
        'POST',
        '/api/users',
        { ...NEW_USER, mobile_phone: '337-555-0100' },
        'mobile_phone',
        'The mobile phone format is invalid.',
      ],
      [
        'users: work phone E.164',
        'POST',
        '/api/users',
        { ...NEW_USER, work_phone: '+0123' },
        'work_phone',
        'The work phone format is invalid.',
      ],
      [
        'users: home site exists',
        'POST',
        '/api/users',
        { ...NEW_USER, home_site_id: 999 },
        'home_site_id',
        'The selected home site id is invalid.',
      ],
      [
        'users: title exists',
        'POST',
        '/api/users',
        { ...NEW_USER, current_title_id: 999 },
        'current_title_id',
        'The selected current title id is invalid.',
      ],
      [
        'sites: name required',
        'POST',
        '/api/sites',
        { cluster_id: 4 },
        'name',
        'The name field is required.',
      ],
      [
        'sites: cluster_id required',
        'POST',
        '/api/sites',
        { name: 'S' },
        'cluster_id',
        'The cluster id field is required.',
      ],
      [
        'sites: cluster exists',
        'POST',
        '/api/sites',
        { name: 'S', cluster_id: 99 },
        'cluster_id',
        'The selected cluster id is invalid.',
      ],
      [
        'sites: external_code unique',
        'POST',
        '/api/sites',
        { name: 'S', cluster_id: 4, external_code: '10001.' },
        'external_code',
        'The external code has already been taken.',
      ],
      [
        'clusters: name required',
        'POST',
        '/api/site_clusters',
        { parent_cluster_id: 1 },
        'name',
        'The name field is required.',
      ],
      [
        'clusters: parent exists',
        'POST',
        '/api/site_clusters',
        { name: 'X', parent_cluster_id: 99 },
        'parent_cluster_id',
        'The selected parent cluster id is invalid.',
      ],
      [
        'clusters: name unique under a parent',
        'POST',
        '/api/site_clusters',
        { name: 'EPC', parent_cluster_id: 1 },
        'name',
        'The name has already been taken.',
      ],
      ['titles: name required', 'POST', '/api/user_titles', {}, 'name', 'The name field is required.'],
      [
        'titles: name unique, any case',
        'POST',
        '/api/user_titles',
        { name: 'FOREMAN' },
        'name',
        'The name has already been taken.',
      ],
      [
        'assets: name required',
        'POST',
        '/api/assets',
        { serial: 'S9', asset_type_id: 3183, site_id: 100 },
        'name',
        'The name field is required.',
      ],
      [
        'assets: serial required',
        'POST',
        '/api/assets',
        { name: 'A', asset_type_id: 3183, site_id: 100 },
        'serial',
        'The serial field is required.',
      ],
      [
        'assets: asset_type_id required',
        'POST',
        '/api/assets',
        { name: 'A', serial: 'S9', site_id: 100 },
        'asset_type_id',
        'The asset type id field is required.',
      ],
      [
        'assets: site_id required',
        'POST',
        '/api/assets',
        { name: 'A', serial: 'S9', asset_type_id: 3183 },
        'site_id',
        'The site id field is required.',
      ],
      [
        'assets: serial unique',
        'POST',
        '/api/assets',
        { name: 'A', serial: 'G1SERIAL', asset_type_id: 3183, site_id: 100 },
        'serial',
        'The serial has already been taken.',
      ],
      [
        'PATCH users: email unique',
        'PATCH',
        '/api/users/aa000002',
        { email: 'ann.lee@EXAMPLE.com' },
        'email',
        'The email has already been taken.',
      ],
      [
        'PATCH users: required field not blanked',
        'PATCH',
        '/api/users/aa000002',
        { last_name: null },
        'last_name',
        'The last name field is required.',
      ],
      [
        'PATCH users: phone format',
        'PATCH',
        '/api/users/aa000002',
        { mobile_phone: '5550100' },
        'mobile_phone',
        'The mobile phone format is invalid.',
      ],
      [
        'PATCH sites: external_code unique',
        'PATCH',
        '/api/sites/101',
        { external_code: '10001.' },
        'external_code',
        'The external code has already been taken.',
      ],
      [
        'PATCH clusters: no cycle',
        'PATCH',
        '/api/site_clusters/2',
        { parent_cluster_id: 4 },
        'parent_cluster_id',
        'The selected parent cluster id is invalid.',
      ],
      [
        'PATCH clusters: name unique',
        'PATCH',
        '/api/site_clusters/3',
        { name: 'Lake Charles' },
        'name',
        'The name has already been taken.',
      ],
      [
        'PATCH assets: serial unique',
        'PATCH',
        '/api/assets/51',
        { serial: 'G1SERIAL' },
        'serial',
        'The serial has already been taken.',
      ],
    ];
    for (const [title, method, path, body, field, text] of cases) {
      it(title, async () => {
        const sim = await start();
        const before = await simState(sim);
        const answer = await call(sim, method, path, body);
        expect(answer.status).to.equal(422);
        expect(answer.body.message).to.equal(text);
        expect(answer.body.errors[field]).to.deep.equal([text]);
        expect(await simState(sim)).to.deep.equal(before);
      });
    }

    it('keeps (name, parent) unique when a PATCH moves a cluster', async () => {
      const sim = await start();
      const twin = await call(sim, 'POST', '/api/site_clusters', { name: 'EPC', parent_cluster_id: 2 });
      expect(twin.status).to.equal(201);
      const moved = await call(sim, 'PATCH', `/api/site_clusters/${String(twin.body.data.id)}`, {
        parent_cluster_id: 1,
      });
      expect(moved.status).to.equal(422);
      expect(moved.body.errors).to.deep.equal({ name: ['The name has already been taken.'] });
      const renamed = await call(sim, 'PATCH', `/api/site_clusters/${String(twin.body.data.id)}`, {
        name: 'EPC 2',
        parent_cluster_id: 1,
      });
      expect(renamed.body.data).to.include({ name: 'EPC 2', parent_cluster_id: 1, depth: 1 });
    });

    it('lets a PATCH keep its own unique values and reports every failing field', async () => {
      const sim = await start();
      const own = await call(sim, 'PATCH', '/api/users/aa000001', {
        email: 'ANN.LEE@example.com',
        emp_id: '12',
      });
      expect(own.status).to.equal(200);
      const many = await call(sim, 'POST', '/api/users', { email: 'bad' });
      expect(many.status).to.equal(422);
      expect(many.body.errors).to.have.all.keys('emp_id', 'first_name', 'last_name', 'email');
      expect(many.body.message).to.equal('The emp id field is required.');
    });
  });

  describe('rate limit (sliding window per token)', () => {
    it('answers the request over the limit 429 with Retry-After, then serves it after waiting', async () => {
      const sim = await start({ rateLimit: { max: 5, windowMs: 1000 } });
      // Sent together, so that all six arrive inside the window even on a busy machine.
      const answers = await Promise.all(Array.from({ length: 6 }, () => call(sim, 'GET', '/api/roles')));
      expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 200, 200, 200, 200, 429]);
      const refused = answers.find((a) => a.status === 429) as Answer;
      expect(refused.body).to.deep.equal({ message: 'Too Many Attempts.' });
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).to.equal(true);
      expect(retryAfter).to.be.within(0, 1);
      // Another token has its own window (and is refused for what it is: not authenticated).
      expect(
        (await call(sim, 'GET', '/api/roles', undefined, { Authorization: 'Bearer x' })).status,
      ).to.equal(401);

      await sleep(Number(refused.headers.get('retry-after-ms')) + 20);
      expect((await call(sim, 'GET', '/api/roles')).status).to.equal(200);
      expect(sim.stats().byStatus).to.deep.include({ '200': 6, '429': 1, '401': 1 });
    });

    it('counts errors and 429s against the window but never /__sim requests', async () => {
      const sim = await start({ rateLimit: { max: 3, windowMs: 60_000 } });
      for (let i = 0; i < 10; i++) await fetch(`${sim.url}/__sim/state`);
      expect((await call(sim, 'GET', '/api/nothing')).status).to.equal(404);
      expect((await call(sim, 'POST', '/api/user_titles', {})).status).to.equal(422);
      expect((await call(sim, 'GET', '/api/roles')).status).to.equal(200);
      expect((await call(sim, 'GET', '/api/roles')).status).to.equal(429);
      const retryAfter = Number((await call(sim, 'GET', '/api/roles')).headers.get('retry-after'));
      expect(retryAfter).to.be.within(1, 60);
      const stats = (await (await fetch(`${sim.url}/__sim/stats`)).json()) as {
        total: number;
        rateLimited: number;
      };
      expect(stats).to.include({ total: 5, rateLimited: 2 });
      expect(sim.calls().map((c) => c.status)).to.deep.equal([404, 422, 200, 429, 429]);
    });

    it('never serves more than max in any window, and Retry-After names the moment a slot frees', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 6 }),
          fc.integer({ min: 1, max: 1000 }),
          fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 60 }),
          (max, windowMs, gaps) => {
            const limiter = new SlidingWindowRateLimiter({ max, windowMs });
            const arrivals: number[] = [];
            let now = 0;
            for (const gap of gaps) {
              now += gap;
              const verdict = limiter.hit('t', now);
              arrivals.push(now);
              const inWindow = arrivals.filter((t) => t > now - windowMs).length;
              expect(verdict.allowed).to.equal(inWindow <= max);
              if (!verdict.allowed) {
                expect(verdict.retryAfterMs).to.be.within(1, windowMs);
                const probe = new SlidingWindowRateLimiter({ max, windowMs });
                for (const t of arrivals) probe.hit('t', t);
                expect(probe.hit('t', now + verdict.retryAfterMs - 1).allowed).to.equal(false);
                const later = new SlidingWindowRateLimiter({ max, windowMs });
                for (const t of arrivals) later.hit('t', t);
                expect(later.hit('t', now + verdict.retryAfterMs).allowed).to.equal(true);
              }
            }
          },
        ),
      );
    });

    it('parses N/W limits in s, ms and m', () => {
      expect(parseRateLimit('60/61s')).to.deep.equal({ max: 60, windowMs: 61_000 });
      expect(parseRateLimit('20/2s')).to.deep.equal({ max: 20, windowMs: 2000 });
      expect(parseRateLimit('20/2000ms')).to.deep.equal({ max: 20, windowMs: 2000 });
      expect(parseRateLimit('5/0.5s')).to.deep.equal({ max: 5, windowMs: 500 });
      expect(() => parseRateLimit('60 per minute')).to.throw(/expected <calls>\/<window>/);
    });
  });

  describe('fault injection', () => {
    it('errorRate 1 answers every request 5xx until switched off', async () => {
      const sim = await start();
      const set = await fetch(`${sim.url}/__sim/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ errorRate: 1 }),
      });
      expect(set.status).to.equal(200);
      for (let i = 0; i < 8; i++) {
        expect([500, 502, 503]).to.include(
          (await call(sim, 'POST', '/api/user_titles', { name: `T${i}` })).status,
        );
      }
      expect((await simState(sim)).user_titles).to.have.length(1);
      sim.setFaults({ errorRate: 0 });
      expect((await call(sim, 'GET', '/api/roles')).status).to.equal(200);
    });

    it('dropAfterWriteRate applies the write and then loses the answer', async () => {
      const sim = await start({ faults: { dropAfterWriteRate: 1 } });
      let failure: unknown;
      try {
        await call(sim, 'POST', '/api/users', NEW_USER);
      } catch (err) {
        failure = err;
      }
      expect(failure).to.be.instanceOf(TypeError);
      const found = await call(sim, 'GET', '/api/users?emp_id=900');
      expect(found.body.data).to.have.length(1);
      expect((await simState(sim)).users.map((u) => u.emp_id)).to.include('900');
      expect(sim.calls()[0]).to.include({ method: 'POST', path: '/api/users', status: 0 });
      expect(sim.calls()[0]?.body).to.deep.equal(NEW_USER);
    });

    it('forced429 refuses the next N requests with the given Retry-After', async () => {
      const sim = await start();
      sim.setFaults({ forced429: { count: 2, retryAfterSeconds: 7 } });
      for (let i = 0; i < 2; i++) {
        const answer = await call(sim, 'GET', '/api/roles');
        expect(answer.status).to.equal(429);
        expect(answer.headers.get('retry-after')).to.equal('7');
      }
      expect((await call(sim, 'GET', '/api/roles')).status).to.equal(200);
    });

    it('is reproducible with a seed', async () => {
      const run = async (): Promise<number[]> => {
        const sim = await start({ faults: { errorRate: 0.5 }, randomSeed: 42 });
        const statuses: number[] = [];
        for (let i = 0; i < 20; i++) statuses.push((await call(sim, 'GET', '/api/roles')).status);
        return statuses;
      };
      const first = await run();
      expect(first).to.include(200);
      expect(first.some((s) => s >= 500)).to.equal(true);
      expect(await run()).to.deep.equal(first);
    });

    it('still answers with latency added', async () => {
      const sim = await start({ faults: { latencyMs: 30 } });
      expect((await call(sim, 'GET', '/api/roles')).status).to.equal(200);
    });
  });

  describe('inspection endpoints', () => {
    it('logs calls with path and query, clears them, and resets to the seed', async () => {
      const sim = await start();
      await call(sim, 'GET', '/api/users?page=2&limit=10');
      await call(sim, 'POST', '/api/user_titles', { name: 'Welder' });
      const calls = (await (await fetch(`${sim.url}/__sim/calls`)).json()) as {
        path: string;
        query: object;
      }[];
      expect(calls[0]).to.deep.include({
        method: 'GET',
        path: '/api/users',
        query: { page: '2', limit: '10' },
      });
      expect(calls).to.have.length(2);
      expect((await fetch(`${sim.url}/__sim/calls`, { method: 'DELETE' })).status).to.equal(204);
      expect(sim.calls()).to.deep.equal([]);
      expect(sim.stats().total).to.equal(2);

      expect((await fetch(`${sim.url}/__sim/reset`, { method: 'POST' })).status).to.equal(204);
      const state = await simState(sim);
      expect(state.user_titles).to.deep.equal(SEED.user_titles);
      expect(state.site_clusters).to.deep.equal(SEED.site_clusters);
      expect(sim.stats().total).to.equal(0);
      const again = await call(sim, 'POST', '/api/user_titles', { name: 'Welder' });
      expect(again.body.data.id).to.equal(8);
    });

    it('refuses an invalid faults body with 400', async () => {
      const sim = await start();
      const res = await fetch(`${sim.url}/__sim/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ errorRate: 2 }),
      });
      expect(res.status).to.equal(400);
    });

    it('loads a data file', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'sa-sim-'));
      try {
        const file = join(dir, 'safetyamp.json');
        await writeFile(file, JSON.stringify({ user_titles: [{ id: 3, name: 'Pipefitter' }] }));
        const sim = await start({ seed: undefined, dataFile: file });
        expect((await call(sim, 'GET', '/api/user_titles')).body.data).to.deep.equal([
          { id: 3, name: 'Pipefitter' },
        ]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('CLI', () => {
    it('prints the listening line, serves, and stops on SIGTERM', async () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'apps/simulators/safetyamp/cli.ts', '--port', '0', '--token', 'cli-token'],
        { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SAFETYAMP_FQDN: 'cli.safetyamp.com' } },
      );
      try {
        const line = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            if (out.includes('\n')) resolve(out.split('\n')[0] as string);
          });
          child.once('exit', (code) => reject(new Error(`exited ${String(code)} before listening`)));
        });
        expect(line).to.match(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
        const url = line.slice('listening on '.length);
        const res = await fetch(`${url}/api/users`, {
          headers: { Authorization: 'Bearer cli-token', Fqdn: 'cli.safetyamp.com' },
        });
        expect(res.status).to.equal(200);
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        expect(await exited).to.equal(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  });
});
