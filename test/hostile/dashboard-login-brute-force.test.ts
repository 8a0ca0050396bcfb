import { expect } from 'chai';
import { LOGIN_ATTEMPTS, loginAttemptsKeyPrefix } from '../../apps/dashboard/login-limit.js';
import { OPERATOR, startDashboard, type DashboardHarness } from '../support/dashboard-harness.js';
import type { DashboardClient } from '../support/dashboard-http.js';

/** A failed (or, with the right password, successful) sign-in through the login form of one replica. */
async function tryPassword(client: DashboardClient, password: string): Promise<number> {
  const form = await client.page('/login');
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
  const res = await client.request('POST', '/login', {
    form: { _csrf: token, username: OPERATOR.name, password },
    headers: { accept: 'text/html' },
  });
  return res.status;
}

describe('hostile: a login brute force spread over two dashboard replicas sharing Redis', function () {
  this.timeout(120_000);
  let first: DashboardHarness;
  let second: DashboardHarness;

  beforeEach(async () => {
    first = await startDashboard();
    second = await startDashboard({ prefix: first.prefix });
  });
  afterEach(async () => {
    await second?.close();
    await first?.close();
  });

  it(`allows ${LOGIN_ATTEMPTS} failed sign-ins in all, not ${LOGIN_ATTEMPTS} per replica`, async () => {
    const replicas = [first.anonymous(), second.anonymous()];
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_ATTEMPTS + 2; i += 1) {
      statuses.push(await tryPassword(replicas[i % 2] as DashboardClient, `guess-${i}`));
    }
    expect(statuses.slice(0, LOGIN_ATTEMPTS)).to.deep.equal(Array(LOGIN_ATTEMPTS).fill(401));
    expect(statuses.slice(LOGIN_ATTEMPTS)).to.deep.equal([429, 429]);
    // Both replicas now refuse even the right password, for this address, until the window passes.
    expect(await tryPassword(first.anonymous(), OPERATOR.password)).to.equal(429);
    expect(await tryPassword(second.anonymous(), OPERATOR.password)).to.equal(429);
  });

  it('counts in Redis under the key prefix, with the window as its expiry', async () => {
    expect(await tryPassword(first.anonymous(), 'wrong')).to.equal(401);
    expect(await tryPassword(second.anonymous(), 'wrong')).to.equal(401);
    const keys = await first.redis.keys(`${loginAttemptsKeyPrefix(first.prefix)}*`);
    expect(keys).to.have.length(1);
    expect(await first.redis.get(keys[0] as string)).to.equal('2');
    const ttl = await first.redis.pttl(keys[0] as string);
    expect(ttl)
      .to.be.greaterThan(0)
      .and.at.most(15 * 60 * 1000);
  });

  it('does not count successful sign-ins, on either replica', async () => {
    for (let i = 0; i < LOGIN_ATTEMPTS + 2; i += 1) {
      const harness = i % 2 ? second : first;
      expect(await tryPassword(harness.anonymous(), OPERATOR.password)).to.equal(303);
    }
    expect(await tryPassword(first.anonymous(), 'wrong')).to.equal(401);
  });
});
