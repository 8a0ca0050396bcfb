import { expect } from 'chai';
import pRetry from 'p-retry';
import { type SafetyAmpFaults, type SafetyAmpSeed } from '../../../apps/simulators/safetyamp/server.js';
import {
  type SafetyAmpClient,
  SafetyAmpError,
  type SafetyAmpClientOptions,
} from '../../../libs/safetyamp/index.js';

import { useSafetyAmpClientRig } from '../../support/safetyamp-client-rig.js';
const PAGE = 10;

/** Enough records that a record created now lands pages past the first. */
const seed = (): SafetyAmpSeed => ({
  site_clusters: [
    { id: 1, name: 'I&I', external_code: null, parent_cluster_id: null },
    { id: 2, name: 'North', external_code: 'North', parent_cluster_id: 1 },
  ],
  sites: Array.from({ length: 25 }, (_, i) => ({
    id: i + 1,
    name: `Site ${i}`,
    external_code: `${10000 + i}.`,
    cluster_id: 2,
  })),
  user_titles: Array.from({ length: 25 }, (_, i) => ({ id: i + 1, name: `Title ${i}` })),
  asset_types: [{ id: 3183, name: 'Vehicles' }],
  assets: Array.from({ length: 25 }, (_, i) => ({
    id: i + 1,
    name: `Truck ${i}`,
    serial: `SN-${i}`,
    asset_type_id: 3183,
    site_id: 1,
  })),
  // User ids are strings in id order: these sort before any the simulator makes, so new users land on the last page.
  users: Array.from({ length: 40 }, (_, i) => ({
    id: String(i).padStart(8, '0'),
    emp_id: String(1000 + i),
    first_name: 'Test',
    last_name: `Person${i}`,
    email: `person${i}@example.test`,
  })),
});

interface Case {
  type: string;
  create(client: SafetyAmpClient, n: number, lookupFirst?: boolean): Promise<{ id: number | string }>;
  holders(state: SafetyAmpSeed, n: number): { id: number | string }[];
  path: string;
}

const CASES: Case[] = [
  {
    type: 'users',
    path: '/api/users',
    create: (c, n, lookupFirst) =>
      c.createUserOnce(
        { emp_id: `9${n}`, first_name: 'New', last_name: `Hire${n}`, email: `new${n}@example.test` },
        { lookupFirst },
      ),
    holders: (s, n) => s.users!.filter((u) => u.emp_id === `9${n}`),
  },
  {
    type: 'sites',
    path: '/api/sites',
    create: (c, n, lookupFirst) =>
      c.createSiteOnce({ name: `New site ${n}`, external_code: `2000${n}.`, cluster_id: 2 }, { lookupFirst }),
    holders: (s, n) => s.sites!.filter((x) => x.external_code === `2000${n}.`),
  },
  {
    type: 'titles',
    path: '/api/user_titles',
    create: (c, n, lookupFirst) => c.createTitleOnce({ name: `Welder ${n}` }, { lookupFirst }),
    holders: (s, n) => s.user_titles!.filter((t) => t.name.toLowerCase() === `welder ${n}`),
  },
  {
    type: 'assets',
    path: '/api/assets',
    create: (c, n, lookupFirst) =>
      c.createAssetOnce(
        { name: `Truck new ${n}`, serial: `NEW-${n}`, asset_type_id: 3183, site_id: 1 },
        { lookupFirst },
      ),
    holders: (s, n) => s.assets!.filter((a) => a.serial === `NEW-${n}`),
  },
  {
    type: 'clusters (by external_code)',
    path: '/api/site_clusters',
    create: (c, n, lookupFirst) =>
      c.createClusterOnce(
        { name: `${n} - Paving`, external_code: `P${n}`, parent_cluster_id: 2 },
        { lookupFirst },
      ),
    holders: (s, n) => s.site_clusters!.filter((x) => x.external_code === `P${n}`),
  },
  {
    type: 'clusters (by name under the parent)',
    path: '/api/site_clusters',
    create: (c, n, lookupFirst) =>
      c.createClusterOnce({ name: `Region ${n}`, parent_cluster_id: 1 }, { lookupFirst }),
    holders: (s, n) => s.site_clusters!.filter((x) => x.name === `Region ${n}` && x.parent_cluster_id === 1),
  },
];

const LENIENT_AND_BLIND: SafetyAmpFaults = { lenient: true, ignoreFilters: true };

describe('SafetyAmpClient against a lenient server that ignores filters (simulator over TCP, real Redis)', function () {
  this.timeout(60_000);
  const rig = useSafetyAmpClientRig({
    name: 'sa-nodup',
    seed,
    simulator: { pageCap: PAGE },
    client: { pageLimit: PAGE, readRetryMinTimeoutMs: 1 },
    limit: { max: 10_000, windowMs: 1000 },
  });
  const start = (faults: SafetyAmpFaults, randomSeed = 1) => rig.start({ faults, randomSeed });

  /** A client as a fleet process builds it: the budget and what is known about filters shared through Redis. */
  const makeClient = (overrides: Partial<SafetyAmpClientOptions> = {}) =>
    rig.client({ filterTrust: rig.filterTrust(), ...overrides });
  const posts = (path: string) => rig.calls('POST', path);

  it('the simulator really is unkind here: a second emp_id is accepted and ?emp_id= is ignored', async () => {
    await start(LENIENT_AND_BLIND);
    const client = makeClient();
    await client.createUser({
      emp_id: '1000',
      first_name: 'Twin',
      last_name: 'Two',
      email: 'twin@example.test',
    });
    expect(rig.sim.state().users!.filter((u) => u.emp_id === '1000')).to.have.length(2);
    const filtered = rig.sim.calls().length;
    expect((await client.findUserByEmpId('1039'))?.emp_id).to.equal('1039');
    const lookup = rig.sim.calls().slice(filtered);
    expect(lookup[0]?.query).to.deep.equal({ emp_id: '1039' });
    expect(lookup.length, 'a scan followed the ignored filter').to.be.greaterThan(1);
  });

  for (const [answer, fault] of [
    ['applied, then answered 5xx', { appliedThenErrorRate: 1 }],
    ['applied, then lost', { dropAfterWriteRate: 1 }],
  ] as const) {
    for (const { type, path, create, holders } of CASES) {
      it(`${type}: a create ${answer} is found by the lookup, never posted again`, async () => {
        await start({ ...LENIENT_AND_BLIND, ...fault });
        const record = await create(makeClient(), 1);
        const held = holders(rig.sim.state(), 1);
        expect(held, 'records holding the key').to.have.length(1);
        expect(record.id).to.equal(held[0]!.id);
        expect(posts(path)).to.have.length(1);
      });
    }
  }

  it('remembers in Redis that the tenant ignores ?emp_id=: the next lookup, in another process, scans at once', async () => {
    await start({ ...LENIENT_AND_BLIND, appliedThenErrorRate: 1 });
    await makeClient().createUserOnce({
      emp_id: '91',
      first_name: 'A',
      last_name: 'B',
      email: 'a91@example.test',
    });
    const trust = rig.filterTrust();
    expect(await rig.redis.exists(trust.keyOf('users'))).to.equal(1);
    expect(await trust.isIgnored('sites')).to.equal(false);

    rig.sim.clearCalls();
    const other = makeClient();
    await other.createUserOnce({ emp_id: '92', first_name: 'C', last_name: 'D', email: 'c92@example.test' });
    const reads = rig.sim.calls().filter((c) => c.method === 'GET' && c.path === '/api/users');
    expect(reads.length).to.be.greaterThan(0);
    expect(reads.every((c) => c.query.emp_id === undefined)).to.equal(true);
    expect(reads[0]?.query).to.deep.equal({ page: '1', limit: String(PAGE) });
    expect(rig.sim.state().users!.filter((u) => u.emp_id === '92')).to.have.length(1);
  });

  it('a server that honours the filter is asked once per lookup and nothing is remembered', async () => {
    await start({ lenient: true, appliedThenErrorRate: 1 });
    await makeClient().createUserOnce({
      emp_id: '93',
      first_name: 'E',
      last_name: 'F',
      email: 'e93@example.test',
    });
    const reads = rig.sim.calls().filter((c) => c.method === 'GET');
    expect(reads.map((c) => c.query)).to.deep.equal([{ emp_id: '93' }]);
    expect(await rig.redis.keys(`${rig.prefix}:filter-ignored:*`)).to.deep.equal([]);
  });

  it('under mixed faults, jobs that retry with a lookup first leave exactly one record per key', async () => {
    await start(
      {
        ...LENIENT_AND_BLIND,
        errorRate: 0.1,
        htmlErrorRate: 0.05,
        appliedThenErrorRate: 0.3,
        dropAfterWriteRate: 0.2,
        truncatedBodyRate: 0.1,
      },
      11,
    );
    // The breaker would rightly open under this much failure; this test is about duplicates, not about it.
    const client = makeClient({ readRetries: 8, breaker: { volumeThreshold: 1_000_000 } });
    for (const { create } of CASES) {
      for (let n = 0; n < 4; n++) {
        // A BullMQ job: retried on retryable errors, looking the record up first from its second attempt on.
        await pRetry((attempt) => create(client, n, attempt > 1), {
          retries: 15,
          minTimeout: 1,
          factor: 1,
          shouldRetry: ({ error }) => error instanceof SafetyAmpError && error.retryable,
        });
      }
    }
    const state = rig.sim.state();
    for (const { type, holders } of CASES) {
      for (let n = 0; n < 4; n++) expect(holders(state, n), `${type} #${n}`).to.have.length(1);
    }
    const struck = rig.sim.calls().flatMap((c) => c.faults ?? []);
    expect(struck).to.include.members(['applied-then-error', 'dropped-after-write', 'truncated-body']);
  });
});
