import { expect } from 'chai';
import {
  type SafetyAmpSeed,
  type SafetyAmpSimulatorOptions,
} from '../../../apps/simulators/safetyamp/server.js';
import { metricsRegistry } from '../../../libs/platform/metrics.js';
import { startFlakyProxy } from '../../support/flaky-proxy.js';
import {
  RedisRateLimiter,
  SafetyAmpCircuitOpen,
  SafetyAmpConfigurationError,
  SafetyAmpNotFound,
  SafetyAmpRateLimited,
  SafetyAmpUnavailable,
  SafetyAmpValidationError,
  type SafetyAmpClientOptions,
} from '../../../libs/safetyamp/index.js';

import { useSafetyAmpClientRig } from '../../support/safetyamp-client-rig.js';

const seed = (): SafetyAmpSeed => ({
  site_clusters: [
    { id: 1, name: 'I&I', external_code: null, parent_cluster_id: null },
    { id: 2, name: 'North', external_code: 'North', parent_cluster_id: 1 },
    { id: 3, name: '10 - Civil', external_code: '10', parent_cluster_id: 2 },
    { id: 4, name: 'South', external_code: 'South', parent_cluster_id: 1 },
  ],
  sites: [{ id: 1, name: '10001. - Yard', external_code: '10001.', cluster_id: 3 }],
  user_titles: [{ id: 1, name: 'Foreman' }],
  roles: [
    { id: 1, name: 'Company Administrator' },
    { id: 2, name: 'Supervisor' },
    { id: 3, name: 'Field' },
    { id: 4, name: 'Safety Representative' },
  ],
  users: Array.from({ length: 250 }, (_, i) => ({
    id: `u${String(i).padStart(4, '0')}`,
    emp_id: String(1000 + i),
    first_name: 'Test',
    last_name: `Person${i}`,
    email: `person${i}@example.test`,
  })),
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('SafetyAmpClient (simulator over TCP, real Redis)', function () {
  this.timeout(30_000);
  const rig = useSafetyAmpClientRig({ name: 'sa-client', seed, client: { readRetryMinTimeoutMs: 10 } });
  const start = (options: SafetyAmpSimulatorOptions = {}) => rig.start(options);
  const makeClient = (
    overrides: Partial<SafetyAmpClientOptions> = {},
    limit = { max: 1000, windowMs: 1000 },
  ) => {
    const limiter = rig.limiter(limit);
    return { client: rig.client(overrides, limiter), limiter };
  };
  const apiCalls = (path: string) => rig.calls(undefined, path);

  describe('listings', () => {
    it('with meta: follows meta.last_page and returns every record once', async () => {
      await start({ meta: true });
      const users = await makeClient().client.listUsers();
      expect(users).to.have.length(250);
      expect(new Set(users.map((u) => u.id)).size).to.equal(250);
      expect(apiCalls('/api/users').map((c) => c.query.page)).to.deep.equal(['1', '2', '3']);
    });

    it('without meta: pages until an empty page and returns every record once', async () => {
      await start({ meta: false });
      const users = await makeClient().client.listUsers();
      expect(users).to.have.length(250);
      expect(new Set(users.map((u) => u.id)).size).to.equal(250);
      expect(apiCalls('/api/users').map((c) => c.query.page)).to.deep.equal(['1', '2', '3', '4']);
    });

    for (const meta of [true, false]) {
      it(`a server cap below the asked limit is not the end of the listing (meta ${meta ? 'on' : 'off'})`, async () => {
        await start({ meta, pageCap: 30 });
        const users = await makeClient({ pageLimit: 100 }).client.listUsers();
        expect(users.map((u) => u.emp_id)).to.deep.equal(seed().users!.map((u) => u.emp_id));
        expect(apiCalls('/api/users')).to.have.length(meta ? 9 : 10);
        expect(apiCalls('/api/users').every((c) => c.query.limit === '100')).to.equal(true);
      });
    }

    it('lists roles, titles, sites and asset types', async () => {
      await start({ seed: { ...seed(), asset_types: [{ id: 3183, name: 'Vehicles' }] } });
      const { client } = makeClient();
      expect((await client.listRoles()).map((r) => r.name)).to.include('Field');
      expect(await client.listTitles()).to.deep.equal([{ id: 1, name: 'Foreman' }]);
      expect((await client.listSites())[0]).to.include({ external_code: '10001.', cluster_id: 3 });
      expect(await client.listAssetTypes()).to.deep.equal([{ id: 3183, name: 'Vehicles' }]);
      expect(await client.listAssets()).to.deep.equal([]);
    });

    it('flattens the cluster tree depth-first, keeping every parent id', async () => {
      await start();
      const clusters = await makeClient().client.listClusters();
      expect(clusters.map((c) => [c.id, c.parent_cluster_id, c.depth])).to.deep.equal([
        [1, null, 0],
        [2, 1, 1],
        [3, 2, 2],
        [4, 1, 1],
      ]);
      expect(clusters.every((c) => !('children' in c))).to.equal(true);
    });

    it('finds a user by exact emp_id in one call, or null', async () => {
      await start();
      const { client } = makeClient();
      expect(await client.findUserByEmpId('1007')).to.include({ id: 'u0007', emp_id: '1007' });
      expect(await client.findUserByEmpId('99999')).to.equal(null);
      expect(apiCalls('/api/users').map((c) => c.query.emp_id)).to.deep.equal(['1007', '99999']);
    });
  });

  describe('failures on reads', () => {
    it('retries 5xx answers (JSON and HTML) and ends with the complete listing', async () => {
      await start({ faults: { errorRate: 0.5 }, randomSeed: 3, pageCap: 50 });
      // Half the calls fail: keep the breaker out of this test about retries.
      const client = makeClient({ readRetries: 10, breaker: { errorThresholdPercentage: 100 } }).client;
      const users = await client.listUsers();
      expect(users).to.have.length(250);
      const stats = rig.sim.stats();
      // 500 and 503 carry JSON, 502 (the proxy's) carries HTML.
      expect(stats.byStatus, JSON.stringify(stats)).to.include.keys('500', '502', '503');
    });

    it('retries a read whose connection was dropped', async () => {
      await start();
      const proxy = await startFlakyProxy(rig.sim.url, ['drop', 'drop']);
      rig.onClose(proxy.close);
      const roles = await makeClient({ baseUrl: proxy.url }).client.listRoles();
      expect(roles).to.have.length(4);
      expect(proxy.connections()).to.be.at.least(3);
      expect(apiCalls('/api/roles')).to.have.length(1);
    });

    it('retries a read that timed out', async () => {
      await start();
      const proxy = await startFlakyProxy(rig.sim.url, ['hang']);
      rig.onClose(proxy.close);
      const roles = await makeClient({ baseUrl: proxy.url, timeoutMs: 300 }).client.listRoles();
      expect(roles).to.have.length(4);
      expect(proxy.connections()).to.equal(2);
    });

    it('a 429 pauses the whole fleet and surfaces as SafetyAmpRateLimited on a single read', async () => {
      await start({ faults: { forced429: { count: 1, retryAfterSeconds: 30 } } });
      const { client, limiter } = makeClient();
      const error = await rejection(client.findUserByEmpId('1001'));
      expect(error).to.be.instanceOf(SafetyAmpRateLimited);
      expect((error as SafetyAmpRateLimited).retryAfterMs).to.equal(30_000);
      expect((error as SafetyAmpRateLimited).retryable).to.equal(true);
      // Another process on the same Redis sees the pause.
      const other = new RedisRateLimiter({
        connection: rig.redis,
        prefix: rig.prefix,
        tenant: rig.sim.fqdn,
        max: 1000,
        windowMs: 1000,
      });
      expect((await other.usage()).pausedForMs).to.be.greaterThan(20_000);
      expect((await limiter.usage()).used).to.equal(1);
      expect(rig.sim.stats().total).to.equal(1);
    });

    it('a 429 inside a listing: waits out the pause and goes on without losing a page', async () => {
      await start({ pageCap: 10 });
      const listing = makeClient({ pageLimit: 10 }).client.listUsers();
      while (apiCalls('/api/users').length < 3) await new Promise((resolve) => setTimeout(resolve, 2));
      rig.sim.setFaults({ forced429: { count: 1, retryAfterSeconds: 1 } });
      const users = await listing;
      expect(users.map((u) => u.emp_id)).to.deep.equal(seed().users!.map((u) => u.emp_id));
      const calls = apiCalls('/api/users');
      const refused = calls.findIndex((c) => c.status === 429);
      expect(refused, 'a page was refused').to.be.greaterThan(0);
      expect(calls[refused + 1]?.query.page, 'the refused page is asked again').to.equal(
        calls[refused]?.query.page,
      );
    });
  });

  describe('answers that are errors', () => {
    it('422: the field and the message, as SafetyAmpValidationError', async () => {
      await start();
      const error = await rejection(
        makeClient().client.createUser({
          emp_id: '5000',
          first_name: 'New',
          last_name: 'Hire',
          email: 'person3@example.test',
          mobile_phone: '555-0100',
        }),
      );
      expect(error).to.be.instanceOf(SafetyAmpValidationError);
      const validation = error as SafetyAmpValidationError;
      expect(validation.message).to.equal('The email has already been taken.');
      expect(validation.fields).to.deep.equal({
        email: ['The email has already been taken.'],
        mobile_phone: ['The mobile phone format is invalid.'],
      });
      expect(validation.retryable).to.equal(false);
    });

    it('401 (wrong token) and 400 (no Fqdn): SafetyAmpConfigurationError, not retried', async () => {
      await start();
      const badToken = await rejection(makeClient({ token: 'wrong' }).client.listRoles());
      expect(badToken).to.be.instanceOf(SafetyAmpConfigurationError).and.to.include({ status: 401 });
      const noFqdn = await rejection(makeClient({ fqdn: '' }).client.listRoles());
      expect(noFqdn).to.be.instanceOf(SafetyAmpConfigurationError).and.to.include({ status: 400 });
      expect(rig.sim.stats().total).to.equal(2);
    });

    it('404 on a PATCH of an unknown id: SafetyAmpNotFound', async () => {
      await start();
      const error = await rejection(makeClient().client.updateUser('nobody', { city: 'Austin' }));
      expect(error).to.be.instanceOf(SafetyAmpNotFound).and.to.include({ status: 404, retryable: false });
    });
  });

  describe('circuit breaker', () => {
    const circuitValue = async (): Promise<number | undefined> => {
      const metric = await metricsRegistry.getSingleMetric('safetyamp_api_circuit_state')?.get();
      return metric?.values.find((v) => v.labels.tenant === rig.sim.fqdn)?.value;
    };

    it('opens after a run of 5xx, says so, and then fails fast without calling', async () => {
      await start({ faults: { errorRate: 1 } });
      const { client } = makeClient({ readRetries: 0, breaker: { volumeThreshold: 5 } });
      for (let i = 0; i < 5; i++) {
        expect(await rejection(client.listRoles())).to.be.instanceOf(SafetyAmpUnavailable);
      }
      expect(client.breakerState()).to.equal('open');
      expect(await circuitValue()).to.equal(2);
      const calls = rig.sim.stats().total;
      const error = await rejection(client.listRoles());
      expect(error).to.be.instanceOf(SafetyAmpCircuitOpen).and.to.include({ retryable: true });
      expect(rig.sim.stats().total).to.equal(calls);
    });

    it('half-opens after resetTimeout and closes again on a success', async () => {
      await start({ faults: { errorRate: 1 } });
      const { client } = makeClient({ readRetries: 0, breaker: { volumeThreshold: 2, resetTimeout: 200 } });
      await rejection(client.listRoles());
      await rejection(client.listRoles());
      expect(client.breakerState()).to.equal('open');
      rig.sim.setFaults({ errorRate: 0 });
      while (client.breakerState() === 'open') await new Promise((resolve) => setTimeout(resolve, 20));
      expect(client.breakerState()).to.equal('half-open');
      expect(await client.listRoles()).to.have.length(4);
      expect(client.breakerState()).to.equal('closed');
      expect(await circuitValue()).to.equal(0);
    });

    it('stays closed on 422 and 404 answers', async () => {
      await start();
      const { client } = makeClient({ breaker: { volumeThreshold: 2 } });
      for (let i = 0; i < 4; i++) {
        await rejection(client.updateUser('nobody', { city: 'Austin' }));
        await rejection(client.createTitle({ name: 'foreman' }));
      }
      expect(client.breakerState()).to.equal('closed');
    });
  });

  describe('metrics', () => {
    it('labels calls by endpoint template, never by id, and reports the budget in use', async () => {
      await start();
      const { client } = makeClient({}, { max: 10, windowMs: 60_000 });
      await client.updateUser('u0042', { city: 'Austin' });
      await client.listRoles();
      const requests = await metricsRegistry.getSingleMetricAsString('safetyamp_api_requests_total');
      expect(requests).to.match(/endpoint="\/api\/users\/:id",method="PATCH",status="200"/);
      expect(requests).to.match(/endpoint="\/api\/roles",method="GET",status="200"/);
      expect(requests).not.to.include('u0042');
      const budget = await metricsRegistry.getSingleMetricAsString('safetyamp_api_rate_budget_used_ratio');
      expect(budget).to.include(`safetyamp_api_rate_budget_used_ratio{tenant="${rig.sim.fqdn}"} 0.2`);
      const names = (await metricsRegistry.getMetricsAsJSON()).map((m) => m.name);
      expect(names).to.include.members([
        'safetyamp_api_request_duration_seconds',
        'safetyamp_api_rate_limiter_wait_seconds',
        'safetyamp_api_rate_limited_total',
        'safetyamp_api_circuit_state',
      ]);
    });
  });
});
