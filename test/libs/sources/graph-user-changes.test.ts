import { expect } from 'chai';
import { startGraphSimulator } from '../../../apps/simulators/graph/server.js';
import type { GraphSimulator, GraphSimulatorOptions } from '../../../apps/simulators/graph/server.js';
import type { GraphUser } from '../../../libs/domain/types.js';
import { GraphRequestError } from '../../../libs/sources/graph/graph-errors.js';
import { createGraphReader } from '../../../libs/sources/graph/graph-reader.js';
import type { GraphReader } from '../../../libs/sources/graph/graph-reader.js';
import type { GraphUserChanges } from '../../../libs/sources/graph/user-changes.js';

/** 1,000 users: every 10th disabled, every 50th (offset 1) on onmicrosoft.com, every 97th (offset 2) without employeeId. */
const USERS: GraphUser[] = Array.from({ length: 1000 }, (_, i) => ({
  id: `user-${i}`,
  employeeId: i % 97 === 2 ? null : String(10_000 + i),
  mail: i % 50 === 1 ? `person${i}@tenant.onmicrosoft.com` : `person${i}@company.example`,
  userPrincipalName: `person${i}@company.example`,
  accountEnabled: i % 10 !== 0,
  mobilePhone: i % 3 === 0 ? '+1 337 555 0100' : null,
  businessPhones: [],
}));
const MATCHABLE = USERS.filter((u) => u.accountEnabled && u.employeeId && !u.mail?.includes('onmicrosoft'));

function expectKind<K extends GraphUserChanges['kind']>(
  changes: GraphUserChanges,
  kind: K,
): Extract<GraphUserChanges, { kind: K }> {
  expect(changes.kind).to.equal(kind);
  return changes as Extract<GraphUserChanges, { kind: K }>;
}

describe('Graph reader: user changes through the delta query (HTTPS simulator)', function () {
  let simulator: GraphSimulator | undefined;
  let reader: GraphReader | undefined;
  let clock = Date.now();

  async function start(options: GraphSimulatorOptions = {}) {
    simulator = await startGraphSimulator({
      users: USERS,
      deltaPageSize: 100,
      deltaClock: () => clock,
      ...options,
    });
    reader = createGraphReader({
      tenantId: 'tenant-1',
      clientId: 'client-1',
      clientSecret: 'secret-1',
      authorityUrl: simulator.url,
      baseUrl: simulator.url,
      ca: simulator.caPem,
      retry: { minDelayMs: 20 },
    });
    return { simulator, reader };
  }

  const deltaCalls = (s: GraphSimulator) => s.calls().filter((c) => c.kind === 'delta');

  afterEach(async () => {
    await reader?.close();
    await simulator?.close();
    reader = undefined;
    simulator = undefined;
  });

  it('reads every matchable user in a first round, as listUsers does, and returns a delta link', async () => {
    const { simulator, reader } = await start();
    const full = expectKind(await reader.readUserChanges(null), 'full');

    expect(full.users.map((u) => u.id).sort()).to.deep.equal(MATCHABLE.map((u) => u.id).sort());
    expect(full.users.map((u) => u.id).sort()).to.deep.equal(
      (await reader.listUsers()).map((u) => u.id).sort(),
    );
    expect(full.deltaLink.startsWith(`${simulator.url}/v1.0/users/delta?`)).to.equal(true);
    // Delta cannot filter on the server: every user is read, 100 a page.
    expect(deltaCalls(simulator)).to.have.length(USERS.length / 100);
  });

  it('costs one call and reports nothing when nothing changed', async () => {
    const { simulator, reader } = await start();
    const full = expectKind(await reader.readUserChanges(null), 'full');
    const before = simulator.calls().length;
    const delta = expectKind(await reader.readUserChanges(full.deltaLink), 'delta');

    expect(delta.changed).to.deep.equal([]);
    expect(delta.removedIds).to.deep.equal([]);
    const calls = simulator.calls().slice(before);
    expect(calls.map((c) => c.kind)).to.deep.equal(['delta']); // no token request either
  });

  it('reports changed users in full and removals, including users that stopped being matchable', async () => {
    const { simulator, reader } = await start();
    const full = expectKind(await reader.readUserChanges(null), 'full');
    simulator.updateUser('user-5', { mobilePhone: '+1 337 555 0199' });
    simulator.upsertUser({
      id: 'user-new',
      employeeId: '20001',
      mail: 'new@company.example',
      userPrincipalName: 'new@company.example',
      accountEnabled: true,
      // mobilePhone and businessPhones never set: Graph leaves them out
    });
    simulator.updateUser('user-7', { employeeId: null });
    simulator.updateUser('user-8', { accountEnabled: false });
    simulator.updateUser('user-11', { mail: 'person11@tenant.onmicrosoft.com' });
    simulator.deleteUser('user-13', 'deleted');
    simulator.deleteUser('user-14'); // soft delete
    simulator.updateUser('user-20', { mobilePhone: '+1 000' }); // disabled before and after
    const before = deltaCalls(simulator).length;
    const delta = expectKind(await reader.readUserChanges(full.deltaLink), 'delta');

    expect(deltaCalls(simulator).length - before).to.equal(1);
    expect(delta.changed.map((u) => u.id).sort()).to.deep.equal(['user-5', 'user-new']);
    expect(delta.changed.find((u) => u.id === 'user-5')).to.deep.equal({
      ...USERS[5],
      mobilePhone: '+1 337 555 0199',
    });
    expect(delta.changed.find((u) => u.id === 'user-new')).to.deep.equal({
      id: 'user-new',
      employeeId: '20001',
      mail: 'new@company.example',
      userPrincipalName: 'new@company.example',
      accountEnabled: true,
      mobilePhone: null,
      businessPhones: null,
    });
    expect(delta.removedIds.sort()).to.deep.equal([
      'user-11',
      'user-13',
      'user-14',
      'user-20',
      'user-7',
      'user-8',
    ]);
  });

  it('chains: each link reports only what changed after it was issued', async () => {
    const { simulator, reader } = await start();
    const full = expectKind(await reader.readUserChanges(null), 'full');
    simulator.updateUser('user-5', { mobilePhone: '+1 1' });
    const first = expectKind(await reader.readUserChanges(full.deltaLink), 'delta');
    simulator.updateUser('user-6', { mobilePhone: '+1 2' });
    const second = expectKind(await reader.readUserChanges(first.deltaLink), 'delta');
    const third = expectKind(await reader.readUserChanges(second.deltaLink), 'delta');

    expect(first.changed.map((u) => u.id)).to.deep.equal(['user-5']);
    expect(second.changed.map((u) => u.id)).to.deep.equal(['user-6']);
    expect(third.changed).to.deep.equal([]);
  });

  it('pages a large delta to the end before answering', async () => {
    const { simulator, reader } = await start();
    const full = expectKind(await reader.readUserChanges(null), 'full');
    for (let i = 0; i < 250; i++)
      simulator.updateUser(`user-${i}`, { userPrincipalName: `renamed${i}@company.example` });
    const before = deltaCalls(simulator).length;
    const delta = expectKind(await reader.readUserChanges(full.deltaLink), 'delta');

    expect(deltaCalls(simulator).length - before).to.equal(3);
    expect(delta.changed.length + delta.removedIds.length).to.equal(250);
    expect(delta.changed).to.have.length(MATCHABLE.filter((u) => Number(u.id.slice(5)) < 250).length);
  });

  it('reports an expired link as expired, and a full read then works', async () => {
    const { simulator, reader } = await start({ deltaTokenLifetimeSeconds: 3600 });
    const full = expectKind(await reader.readUserChanges(null), 'full');
    clock += 3601 * 1000;
    const expired = expectKind(await reader.readUserChanges(full.deltaLink), 'expired');

    expect(expired.reason).to.match(/400 syncStateNotFound/);
    expect(deltaCalls(simulator).at(-1)?.status).to.equal(400);
    expect(expectKind(await reader.readUserChanges(null), 'full').users).to.have.length(MATCHABLE.length);
  });

  it('reports a reset (410 Gone) and a link Graph cannot read as expired', async () => {
    const { simulator, reader } = await start();
    const full = expectKind(await reader.readUserChanges(null), 'full');
    const tampered = full.deltaLink.replace(/\$deltatoken=[^&]*/, '$deltatoken=bm90LWEtdG9rZW4');
    expect(expectKind(await reader.readUserChanges(tampered), 'expired').reason).to.match(
      /400 syncStateInvalid/,
    );
    simulator.resetDeltaTokens();
    expect(expectKind(await reader.readUserChanges(full.deltaLink), 'expired').reason).to.match(/410/);
  });

  it('reports a link for another endpoint as expired without calling anyone', async () => {
    const { simulator, reader } = await start();
    const changes = await reader.readUserChanges('https://graph.example.net/v1.0/users/delta?$deltatoken=x');

    expect(expectKind(changes, 'expired').reason).to.match(/another Graph endpoint/);
    expect(simulator.calls()).to.have.length(0);
  });

  it('retries a 503 inside a round and still returns the whole round; other errors throw', async () => {
    const { simulator, reader } = await start();
    simulator.failNext(2, 503);
    const full = expectKind(await reader.readUserChanges(null), 'full');
    expect(full.users).to.have.length(MATCHABLE.length);

    simulator.failNext(1, 400);
    const error = await reader.readUserChanges(full.deltaLink).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(GraphRequestError);
    expect((error as GraphRequestError).status).to.equal(400);
  });

  it('keeps listUsers and findUserByEmployeeId in step with the directory', async () => {
    const { simulator, reader } = await start();
    simulator.deleteUser('user-5');
    simulator.updateUser('user-6', { employeeId: '99999' });

    expect((await reader.listUsers()).some((u) => u.id === 'user-5')).to.equal(false);
    expect((await reader.findUserByEmployeeId('99999'))?.id).to.equal('user-6');
    expect(await reader.findUserByEmployeeId('10006')).to.equal(null);
  });
});
