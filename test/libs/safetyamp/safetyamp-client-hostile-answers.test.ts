import { expect } from 'chai';
import {
  type SafetyAmpSeed,
  type SafetyAmpSimulatorOptions,
} from '../../../apps/simulators/safetyamp/server.js';
import {
  SafetyAmpProtocolError,
  SafetyAmpUnavailable,
  type SafetyAmpClientOptions,
} from '../../../libs/safetyamp/index.js';

import { useSafetyAmpClientRig } from '../../support/safetyamp-client-rig.js';
const PAGE = 10;
const USERS = 45;

const seed = (): SafetyAmpSeed => ({
  site_clusters: [
    { id: 1, name: 'I&I', external_code: null, parent_cluster_id: null },
    { id: 2, name: 'North', external_code: 'North', parent_cluster_id: 1 },
    { id: 3, name: '10 - Civil', external_code: '10', parent_cluster_id: 2 },
  ],
  sites: Array.from({ length: 12 }, (_, i) => ({
    id: i + 1,
    name: `Site ${i}`,
    external_code: `${10000 + i}.`,
    cluster_id: 3,
  })),
  user_titles: Array.from({ length: 30 }, (_, i) => ({ id: i + 1, name: `Title ${i}` })),
  roles: [
    { id: 1, name: 'Company Administrator' },
    { id: 3, name: 'Field' },
  ],
  asset_types: [{ id: 3183, name: 'Vehicles' }],
  users: Array.from({ length: USERS }, (_, i) => ({
    id: String(i).padStart(8, '0'),
    emp_id: String(1000 + i),
    first_name: 'Test',
    last_name: `Person${i}`,
    email: `person${i}@example.test`,
    home_site_id: 1 + (i % 12),
    current_title_id: 1,
    gender: 1,
  })),
});

const ALL_EMP_IDS = seed().users!.map((u) => u.emp_id);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('SafetyAmpClient against hostile answers (simulator over TCP, real Redis)', function () {
  this.timeout(60_000);
  const rig = useSafetyAmpClientRig({
    name: 'sa-hostile',
    seed,
    simulator: { pageCap: PAGE },
    client: { pageLimit: PAGE, readRetryMinTimeoutMs: 1, breaker: { volumeThreshold: 1_000_000 } },
    limit: { max: 10_000, windowMs: 1000 },
  });
  const start = (options: SafetyAmpSimulatorOptions = {}) => rig.start(options);
  const makeClient = (overrides: Partial<SafetyAmpClientOptions> = {}) => rig.client(overrides);
  const pagesAsked = (path: string) => rig.calls(undefined, path).map((c) => Number(c.query.page));

  describe("a load balancer's HTML page", () => {
    it('is SafetyAmpUnavailable (retryable) with a short description, not the page', async () => {
      await start({ faults: { htmlErrorRate: 1 } });
      const client = makeClient({ readRetries: 0 });
      const error = await rejection(client.listRoles());
      expect(error).to.be.instanceOf(SafetyAmpUnavailable).and.to.include({ retryable: true });
      const { message, status } = error as SafetyAmpUnavailable;
      expect([502, 503, 504]).to.include(status);
      expect(message).to.match(/^GET \/api\/roles: 50[234] .*\(text\/html, \d+ bytes, not JSON\)$/);
      expect(message).not.to.include('<');
      const write = await rejection(client.createTitle({ name: 'Welder' }));
      expect(write).to.be.instanceOf(SafetyAmpUnavailable).and.to.include({ outcomeUnknown: true });
    });

    it('on a share of the calls: reads are retried and the listing is complete', async () => {
      await start({ faults: { htmlErrorRate: 0.4 }, randomSeed: 5 });
      const users = await makeClient({ readRetries: 10 }).listUsers();
      expect(users.map((u) => u.emp_id)).to.deep.equal(ALL_EMP_IDS);
      expect(rig.sim.calls().some((c) => c.faults?.includes('html-error'))).to.equal(true);
    });
  });

  describe('a body cut off mid-way', () => {
    it('on reads: retried, and the listing is complete', async () => {
      await start({ faults: { truncatedBodyRate: 0.4 }, randomSeed: 5 });
      const users = await makeClient({ readRetries: 10 }).listUsers();
      expect(users.map((u) => u.emp_id)).to.deep.equal(ALL_EMP_IDS);
      expect(rig.sim.calls().some((c) => c.faults?.includes('truncated-body'))).to.equal(true);
    });

    it('on a write: outcome unknown (the write was applied), and createUserOnce still makes one record', async () => {
      await start({ faults: { truncatedBodyRate: 1 } });
      const body = { emp_id: '2002', first_name: 'New', last_name: 'Hire', email: 'new@example.test' };
      const error = await rejection(makeClient({ readRetries: 0 }).createUser(body));
      expect(error).to.be.instanceOf(SafetyAmpUnavailable).and.to.include({ outcomeUnknown: true });
      expect((error as Error).message).to.match(/^POST \/api\/users: answer broke off mid-body/);
      expect(rig.sim.state().users!.filter((u) => u.emp_id === '2002')).to.have.length(1);

      rig.sim.setFaults({ truncatedBodyRate: 0.5, lenient: true });
      const user = await makeClient({ readRetries: 10 }).createUserOnce({ ...body, emp_id: '2003' });
      expect(user.emp_id).to.equal('2003');
      expect(rig.sim.state().users!.filter((u) => u.emp_id === '2003')).to.have.length(1);
    });
  });

  describe('records of the wrong shape', () => {
    it('a record without an id: SafetyAmpProtocolError naming the endpoint, page and record, not retried', async () => {
      await start({ faults: { recordsWithoutId: true } });
      const client = makeClient();
      const error = await rejection(client.listUsers());
      expect(error).to.be.instanceOf(SafetyAmpProtocolError).and.to.include({
        retryable: false,
        endpoint: 'GET /api/users',
      });
      expect((error as Error).message).to.equal('GET /api/users: page 1, record 1: id is missing');
      expect(rig.sim.calls()).to.have.length(1);
      const tree = await rejection(client.listClusters());
      expect((tree as Error).message).to.equal('GET /api/site_clusters: cluster 1: id is missing');
      expect(await rejection(client.findTitleByName('Title 29'))).to.be.instanceOf(SafetyAmpProtocolError);
      expect(await rejection(client.findUserByEmpId('1001'))).to.be.instanceOf(SafetyAmpProtocolError);
    });

    it('a lookup after a lost answer that meets such a record fails; it never posts again', async () => {
      await start({ faults: { recordsWithoutId: true, dropAfterWriteRate: 1, lenient: true } });
      const error = await rejection(makeClient().createTitleOnce({ name: 'Welder' }));
      expect(error).to.be.instanceOf(SafetyAmpProtocolError);
      expect(rig.sim.calls().filter((c) => c.method === 'POST')).to.have.length(1);
    });

    it('ids and numbers as strings: read as the numbers they are, the listing equal to a truthful one', async () => {
      await start();
      const truthful = makeClient();
      const expected = {
        users: await truthful.listUsers(),
        sites: await truthful.listSites(),
        clusters: await truthful.listClusters(),
        titles: await truthful.listTitles(),
      };
      rig.sim.setFaults({ mistypedRecords: true });
      const client = makeClient();
      expect(await client.listUsers()).to.deep.equal(expected.users);
      expect(await client.listSites()).to.deep.equal(expected.sites);
      expect(await client.listClusters()).to.deep.equal(expected.clusters);
      expect(await client.listTitles()).to.deep.equal(expected.titles);
      expect(await client.findSiteByExternalCode('10011.')).to.include({ id: 12, cluster_id: 3 });
    });

    it('fields the contract does not name pass through', async () => {
      await start({ faults: { extraFields: true } });
      const titles = await makeClient().listTitles();
      expect(titles).to.have.length(30);
      expect(titles[0]).to.include({ id: 1, name: 'Title 0' }).and.to.have.property('created_at');
    });
  });

  describe('listings that lie', () => {
    it('a last_page short of the truth: read on, the listing is complete', async () => {
      await start({ faults: { lyingLastPage: true } });
      const users = await makeClient().listUsers();
      expect(users.map((u) => u.emp_id)).to.deep.equal(ALL_EMP_IDS);
      expect(pagesAsked('/api/users')).to.deep.equal([1, 2, 3, 4, 5]);
    });

    it('last_page and total both short of the truth: read on until an empty page', async () => {
      await start({ faults: { lyingLastPage: true, lyingTotal: true } });
      const users = await makeClient().listUsers();
      expect(users.map((u) => u.emp_id)).to.deep.equal(ALL_EMP_IDS);
    });

    it('a truthful listing whose last page is full is read one empty page further, to be sure', async () => {
      await start({ seed: { ...seed(), users: seed().users!.slice(0, 40) } });
      expect(await makeClient().listUsers()).to.have.length(40);
      expect(pagesAsked('/api/users')).to.deep.equal([1, 2, 3, 4, 5]);
    });

    it('pages past the end that repeat the last one: SafetyAmpProtocolError, not a loop', async () => {
      await start({ faults: { endlessPages: 'repeat-last' } });
      const error = await rejection(makeClient().listUsers());
      expect(error).to.be.instanceOf(SafetyAmpProtocolError);
      expect((error as Error).message).to.equal(
        'GET /api/users: page 6 only repeats records already read: paging is broken',
      );
    });

    it('pages past the end with new records: SafetyAmpProtocolError after twice the pages meta.total implies', async () => {
      await start({ faults: { endlessPages: 'fresh' } });
      const error = await rejection(makeClient().listUsers());
      expect(error).to.be.instanceOf(SafetyAmpProtocolError);
      expect((error as Error).message).to.match(/^GET \/api\/users: listing did not end after 20 pages/);
      expect(pagesAsked('/api/users')).to.have.length(20);
    });

    it('endless pages without meta: SafetyAmpProtocolError after maxListingPages', async () => {
      await start({ meta: false, faults: { endlessPages: 'fresh' } });
      const error = await rejection(makeClient({ maxListingPages: 12 }).listUsers());
      expect((error as Error).message).to.match(/^GET \/api\/users: listing did not end after 12 pages/);
      expect(pagesAsked('/api/users')).to.have.length(12);
    });

    it('a lookup stops at its match: an endless listing is no obstacle when the match comes first', async () => {
      await start({ faults: { endlessPages: 'fresh' } });
      const title = await makeClient().findTitleByName('  title 3 ');
      expect(title).to.deep.equal({ id: 4, name: 'Title 3' });
      expect(pagesAsked('/api/user_titles')).to.deep.equal([1]);
    });

    it('a lookup without a match reads to the provable end and no further', async () => {
      await start({ faults: { ignoreFilters: true } });
      expect(await makeClient().findUserByEmpId('99999')).to.equal(null);
      expect(rig.sim.calls().map((c) => c.query.page ?? 'filter')).to.deep.equal([
        'filter',
        '1',
        '2',
        '3',
        '4',
        '5',
      ]);
    });
  });
});
