import { expect } from 'chai';
import {
  startSafetyAmpSimulator,
  type RunningSafetyAmpSimulator,
  type SafetyAmpSeed,
  type SafetyAmpSimulatorOptions,
} from '../../apps/simulators/safetyamp/server.js';
import { callSim } from '../support/safetyamp-sim-http.js';

const USERS = 23;

const SEED: SafetyAmpSeed = {
  site_clusters: [
    { id: 1, name: 'I&I', external_code: 'I&I', parent_cluster_id: null },
    { id: 2, name: 'North', external_code: 'North', parent_cluster_id: 1 },
  ],
  sites: [
    { id: 100, name: '10001. - Plant A', external_code: '10001.', cluster_id: 2 },
    { id: 101, name: '10002. - Plant B', external_code: '10002.', cluster_id: 2 },
  ],
  user_titles: [
    { id: 7, name: 'Foreman' },
    { id: 8, name: 'Operator' },
  ],
  asset_types: [{ id: 3183, name: 'Vehicles' }],
  assets: [
    { id: 50, name: 'Truck 1', serial: 'G1SERIAL', asset_type_id: 3183, site_id: 100 },
    { id: 51, name: 'Truck 2', serial: 'G2SERIAL', asset_type_id: 3183, site_id: 100 },
  ],
  users: Array.from({ length: USERS }, (_, i) => ({
    id: `u${String(i).padStart(4, '0')}`,
    emp_id: String(100 + i),
    first_name: 'Test',
    last_name: `Person${i}`,
    email: `p${i}@example.com`,
    home_site_id: 100,
  })),
};

describe('SafetyAmp simulator: listings that lie (over TCP)', function () {
  const started: RunningSafetyAmpSimulator[] = [];
  async function start(opts: SafetyAmpSimulatorOptions = {}): Promise<RunningSafetyAmpSimulator> {
    const sim = await startSafetyAmpSimulator({ seed: SEED, rateLimit: null, ...opts });
    started.push(sim);
    return sim;
  }
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sim) => sim.close()));
  });

  describe('filters', () => {
    it('honoured by default: emp_id, external_code, serial exactly, title name case-insensitively', async () => {
      const sim = await start();
      expect(
        (await callSim(sim, 'GET', '/api/users?emp_id=105')).body.data.map((u: { id: string }) => u.id),
      ).to.deep.equal(['u0005']);
      const site = await callSim(sim, 'GET', '/api/sites?external_code=10002.');
      expect(site.body.data.map((s: { id: number }) => s.id)).to.deep.equal([101]);
      expect(site.body.meta).to.include({ total: 1, last_page: 1 });
      expect((await callSim(sim, 'GET', '/api/assets?serial=G2SERIAL')).body.data).to.have.length(1);
      expect((await callSim(sim, 'GET', '/api/user_titles?name=FOREMAN')).body.data).to.deep.equal([
        { id: 7, name: 'Foreman' },
      ]);
      expect((await callSim(sim, 'GET', '/api/users?emp_id=nobody')).body.data).to.deep.equal([]);
    });

    it('ignoreFilters: the unfiltered page, with records that do not match', async () => {
      const sim = await start({ faults: { ignoreFilters: true } });
      const users = await callSim(sim, 'GET', '/api/users?emp_id=120');
      expect(users.body.data).to.have.length(15);
      expect(users.body.data.some((u: { emp_id: string }) => u.emp_id !== '120')).to.equal(true);
      expect(users.body.data.some((u: { emp_id: string }) => u.emp_id === '120')).to.equal(false);
      expect(users.body.meta).to.include({ total: USERS, last_page: 2 });
      const sites = await callSim(sim, 'GET', '/api/sites?external_code=10002.');
      expect(sites.body.data.map((s: { id: number }) => s.id)).to.deep.equal([100, 101]);
      expect((await callSim(sim, 'GET', '/api/assets?serial=G2SERIAL')).body.data).to.have.length(2);
    });
  });

  describe('meta that lies', () => {
    it('truthful by default', async () => {
      const sim = await start();
      const page = await callSim(sim, 'GET', '/api/users?page=1&limit=5');
      expect(page.body.meta).to.deep.equal({ current_page: 1, last_page: 5, per_page: 5, total: USERS });
    });

    it('lyingLastPage: last_page about half the truth, the later pages still served', async () => {
      const sim = await start({ faults: { lyingLastPage: true } });
      const page = await callSim(sim, 'GET', '/api/users?page=1&limit=5');
      expect(page.body.meta).to.deep.equal({ current_page: 1, last_page: 3, per_page: 5, total: USERS });
      expect((await callSim(sim, 'GET', '/api/users?page=5&limit=5')).body.data).to.have.length(3);
    });

    it('lyingTotal: total about half the truth', async () => {
      const sim = await start({ faults: { lyingTotal: true } });
      const page = await callSim(sim, 'GET', '/api/users?page=1&limit=5');
      expect(page.body.meta).to.include({ last_page: 5, total: 12 });
    });
  });

  describe('endless pages', () => {
    it('off by default: past the last page, an empty page', async () => {
      const sim = await start();
      const past = await callSim(sim, 'GET', '/api/users?page=6&limit=5');
      expect(past.body.data).to.deep.equal([]);
      expect(past.body.meta.last_page).to.equal(5);
    });

    it('repeat-last: every page past the last repeats it, and meta always names one more', async () => {
      const sim = await start({ faults: { endlessPages: 'repeat-last' } });
      const last = await callSim(sim, 'GET', '/api/users?page=5&limit=5');
      expect(last.body.meta.last_page).to.equal(6);
      for (const page of [6, 7, 50]) {
        const past = await callSim(sim, 'GET', `/api/users?page=${page}&limit=5`);
        expect(past.body.data).to.deep.equal(last.body.data);
        expect(past.body.meta.last_page).to.equal(page + 1);
      }
    });

    it('fresh: pages past the last bring records with ids never seen before', async () => {
      const sim = await start({ faults: { endlessPages: 'fresh' } });
      const ids = new Set<string>();
      for (const page of [6, 7, 8]) {
        const past = await callSim(sim, 'GET', `/api/users?page=${page}&limit=5`);
        expect(past.body.data).to.have.length(5);
        for (const user of past.body.data) ids.add(user.id);
      }
      expect(ids.size).to.equal(15);
      expect(SEED.users!.some((u) => ids.has(u.id))).to.equal(false);
      expect(sim.state().users).to.have.length(USERS);
    });
  });

  describe('records of the wrong shape', () => {
    it('off by default: ids and numbers are numbers, every record has its id, nothing extra', async () => {
      const sim = await start();
      const sites = await callSim(sim, 'GET', '/api/sites');
      expect(sites.body.data[0]).to.deep.equal(SEED.sites![0]);
    });

    it('mistypedRecords: ids and every number as strings, in pages and in the cluster tree', async () => {
      const sim = await start({ faults: { mistypedRecords: true } });
      const sites = await callSim(sim, 'GET', '/api/sites');
      expect(sites.body.data[0]).to.deep.equal({
        id: '100',
        name: '10001. - Plant A',
        external_code: '10001.',
        cluster_id: '2',
      });
      expect((await callSim(sim, 'GET', '/api/users')).body.data[0]).to.include({ home_site_id: '100' });
      const tree = await callSim(sim, 'GET', '/api/site_clusters');
      expect(tree.body.data[0]).to.include({ id: '1', depth: '0' });
      expect(tree.body.data[0].children[0]).to.include({ id: '2', parent_cluster_id: '1', depth: '1' });
    });

    it('recordsWithoutId: the first record of every page has no id', async () => {
      const sim = await start({ faults: { recordsWithoutId: true } });
      for (const page of [1, 2]) {
        const data = (await callSim(sim, 'GET', `/api/users?page=${page}&limit=5`)).body.data;
        expect(data[0]).not.to.have.property('id');
        expect(data[1]).to.have.property('id');
      }
      expect((await callSim(sim, 'GET', '/api/site_clusters')).body.data[0]).not.to.have.property('id');
      expect(sim.state().users!.every((u) => typeof u.id === 'string')).to.equal(true);
    });

    it('extraFields: records carry fields the contract does not name', async () => {
      const sim = await start({ faults: { extraFields: true } });
      const title = (await callSim(sim, 'GET', '/api/user_titles')).body.data[0];
      expect(title).to.include({ id: 7, name: 'Foreman' });
      expect(title).to.have.property('created_at');
      expect(title).to.have.property('_links');
    });
  });
});
