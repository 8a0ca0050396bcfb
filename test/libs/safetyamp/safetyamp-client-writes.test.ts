import { expect } from 'chai';
import {
  type SafetyAmpSeed,
  type SafetyAmpSimulatorOptions,
} from '../../../apps/simulators/safetyamp/server.js';
import {
  type SafetyAmpClient,
  SafetyAmpUnavailable,
  SafetyAmpValidationError,
  type SafetyAmpClientOptions,
} from '../../../libs/safetyamp/index.js';
import { startFlakyProxy } from '../../support/flaky-proxy.js';

import { useSafetyAmpClientRig } from '../../support/safetyamp-client-rig.js';

const seed = (): SafetyAmpSeed => ({
  site_clusters: [
    { id: 1, name: 'I&I', external_code: null, parent_cluster_id: null },
    { id: 2, name: 'North', external_code: 'North', parent_cluster_id: 1 },
  ],
  sites: [{ id: 1, name: '10001. - Yard', external_code: '10001.', cluster_id: 2 }],
  user_titles: [{ id: 1, name: 'Foreman' }],
  asset_types: [{ id: 3183, name: 'Vehicles' }],
  users: [{ id: 'u0001', emp_id: '1001', first_name: 'Test', last_name: 'Person', email: 'p1@example.test' }],
  assets: [],
});

const newUser = { emp_id: '2002', first_name: 'New', last_name: 'Hire', email: 'new.hire@example.test' };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('SafetyAmpClient writes (simulator over TCP, real Redis)', function () {
  this.timeout(30_000);
  const rig = useSafetyAmpClientRig({ name: 'sa-writes', seed });
  const start = (options: SafetyAmpSimulatorOptions = {}) => rig.start(options);
  const makeClient = (overrides: Partial<SafetyAmpClientOptions> = {}) => rig.client(overrides);
  const posts = (path: string) => rig.calls('POST', path);

  describe('a create whose answer is lost', () => {
    it('plain createUser: SafetyAmpUnavailable marked outcomeUnknown, and the record does exist', async () => {
      await start({ faults: { dropAfterWriteRate: 1 } });
      const error = await rejection(makeClient().createUser(newUser));
      expect(error)
        .to.be.instanceOf(SafetyAmpUnavailable)
        .and.to.include({ outcomeUnknown: true, retryable: true });
      expect(rig.sim.state().users!.filter((u) => u.emp_id === '2002')).to.have.length(1);
    });

    it('createUserOnce resolves to the record the lost POST made (GET ?emp_id), never a duplicate', async () => {
      await start({ faults: { dropAfterWriteRate: 1 } });
      const user = await makeClient().createUserOnce(newUser);
      const stored = rig.sim.state().users!.filter((u) => u.emp_id === '2002');
      expect(stored).to.have.length(1);
      expect(user).to.include({ id: stored[0]!.id, emp_id: '2002' });
      expect(posts('/api/users')).to.have.length(1);
      expect(rig.sim.calls().at(-1)).to.deep.include({
        method: 'GET',
        path: '/api/users',
        query: { emp_id: '2002' },
      });
    });

    const cases = [
      {
        type: 'titles',
        path: '/api/user_titles',
        create: (c: SafetyAmpClient) => c.createTitleOnce({ name: 'Operator' }),
        stored: (s: SafetyAmpSeed) => s.user_titles!.filter((t) => t.name === 'Operator'),
      },
      {
        type: 'sites',
        path: '/api/sites',
        create: (c: SafetyAmpClient) =>
          c.createSiteOnce({ name: '20002. - Bridge', external_code: '20002.', cluster_id: 2 }),
        stored: (s: SafetyAmpSeed) => s.sites!.filter((x) => x.external_code === '20002.'),
      },
      {
        type: 'clusters (by external_code)',
        path: '/api/site_clusters',
        create: (c: SafetyAmpClient) =>
          c.createClusterOnce({ name: '20 - Paving', external_code: '20', parent_cluster_id: 2 }),
        stored: (s: SafetyAmpSeed) => s.site_clusters!.filter((x) => x.external_code === '20'),
      },
      {
        type: 'clusters (by name under the parent)',
        path: '/api/site_clusters',
        create: (c: SafetyAmpClient) => c.createClusterOnce({ name: 'South', parent_cluster_id: 1 }),
        stored: (s: SafetyAmpSeed) => s.site_clusters!.filter((x) => x.name === 'South'),
      },
      {
        type: 'assets',
        path: '/api/assets',
        create: (c: SafetyAmpClient) =>
          c.createAssetOnce({ name: 'Truck 7', serial: 'SN-0007', asset_type_id: 3183, site_id: 1 }),
        stored: (s: SafetyAmpSeed) => s.assets!.filter((x) => x.serial === 'SN-0007'),
      },
    ];
    for (const { type, path, create, stored } of cases) {
      it(`create…Once for ${type} resolves to the existing record by its key`, async () => {
        await start({ faults: { dropAfterWriteRate: 1 } });
        const record = await create(makeClient());
        const held = stored(rig.sim.state());
        expect(held).to.have.length(1);
        expect(record.id).to.equal(held[0]!.id);
        expect(posts(path)).to.have.length(1);
      });
    }
  });

  it('a create whose request never arrived is looked up, then sent once more: one record', async () => {
    await start();
    const proxy = await startFlakyProxy(rig.sim.url, ['drop']);
    rig.onClose(proxy.close);
    const user = await makeClient({ baseUrl: proxy.url }).createUserOnce(newUser);
    expect(rig.sim.state().users!.filter((u) => u.emp_id === '2002')).to.have.length(1);
    expect(user.emp_id).to.equal('2002');
    expect(posts('/api/users')).to.have.length(1);
    expect(rig.sim.calls().map((c) => c.method)).to.deep.equal(['GET', 'POST']);
  });

  it('a write answered 5xx is not sent again by the client: outcomeUnknown, one POST', async () => {
    await start({ faults: { errorRate: 1 } });
    const error = await rejection(makeClient().createTitle({ name: 'Operator' }));
    expect(error).to.be.instanceOf(SafetyAmpUnavailable).and.to.include({ outcomeUnknown: true });
    expect(posts('/api/user_titles')).to.have.length(1);
  });

  it('lookupFirst (a retried job) returns the existing record without a POST', async () => {
    await start();
    const user = await makeClient().createUserOnce({ ...newUser, emp_id: '1001' }, { lookupFirst: true });
    expect(user.id).to.equal('u0001');
    expect(posts('/api/users')).to.have.length(0);
  });

  it('createUserOnce surfaces a 422 as SafetyAmpValidationError with the field', async () => {
    await start();
    const error = await rejection(makeClient().createUserOnce({ ...newUser, email: 'p1@example.test' }));
    expect(error).to.be.instanceOf(SafetyAmpValidationError);
    expect((error as SafetyAmpValidationError).fields.email).to.deep.equal([
      'The email has already been taken.',
    ]);
    expect(rig.sim.state().users).to.have.length(1);
  });

  it('creates and updates every writable type; a PATCH carries only the changed fields', async () => {
    await start();
    const client = makeClient();
    const cluster = await client.createCluster({
      name: '30 - Rail',
      external_code: '30',
      parent_cluster_id: 2,
    });
    const site = await client.createSite({
      name: '30003. - Depot',
      external_code: '30003.',
      cluster_id: cluster.id,
    });
    const title = await client.createTitle({ name: 'Operator' });
    const user = await client.createUser({ ...newUser, home_site_id: site.id, current_title_id: title.id });
    const asset = await client.createAsset({
      name: 'Truck 9',
      serial: 'SN-9',
      asset_type_id: 3183,
      site_id: site.id,
    });

    expect(await client.updateCluster(cluster.id, { parent_cluster_id: 1 })).to.include({
      parent_cluster_id: 1,
    });
    expect(await client.updateSite(site.id, { city: 'Austin' })).to.include({
      city: 'Austin',
      name: site.name,
    });
    expect(await client.updateUser(user.id, { system_access: false })).to.include({ system_access: false });
    expect(await client.updateAsset(asset.id, { name: 'Truck 9b' })).to.include({
      name: 'Truck 9b',
      serial: 'SN-9',
    });

    const patch = rig.sim.calls().find((c) => c.method === 'PATCH' && c.path === `/api/users/${user.id}`);
    expect(patch?.body).to.deep.equal({ system_access: false });
    expect(rig.sim.state().users!.find((u) => u.id === user.id)).to.include({
      emp_id: '2002',
      system_access: false,
    });
  });
});
