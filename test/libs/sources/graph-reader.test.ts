import { expect } from 'chai';
import { Agent, fetch } from 'undici';
import { startGraphSimulator } from '../../../apps/simulators/graph/server.js';
import type { GraphSimulator, GraphSimulatorOptions } from '../../../apps/simulators/graph/server.js';
import type { GraphUser } from '../../../libs/domain/types.js';
import {
  GraphAuthError,
  GraphError,
  GraphUnreachableError,
} from '../../../libs/sources/graph/graph-errors.js';
import { createGraphReader } from '../../../libs/sources/graph/graph-reader.js';
import type { GraphReader, GraphReaderOptions } from '../../../libs/sources/graph/graph-reader.js';

/** 3,500 users: every 10th disabled, every 50th (offset 1) on onmicrosoft.com, every 97th (offset 2) without employeeId. */
function directory(count = 3500): GraphUser[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `user-${i}`,
    employeeId: i % 97 === 2 ? null : String(10_000 + i),
    mail: i % 50 === 1 ? `person${i}@tenant.onmicrosoft.com` : `person${i}@company.example`,
    userPrincipalName: `person${i}@company.example`,
    accountEnabled: i % 10 !== 0,
    mobilePhone: i % 3 === 0 ? '+1 337 555 0100' : null,
    businessPhones: [],
  }));
}

const USERS = directory();
const ENABLED = USERS.filter((u) => u.accountEnabled);
const MATCHABLE = ENABLED.filter((u) => u.employeeId && !u.mail?.includes('onmicrosoft'));

describe('Graph reader against the HTTPS Graph simulator', function () {
  let simulator: GraphSimulator | undefined;
  let reader: GraphReader | undefined;

  async function start(options: GraphSimulatorOptions, readerOptions: Partial<GraphReaderOptions> = {}) {
    simulator = await startGraphSimulator(options);
    reader = createGraphReader({
      tenantId: 'tenant-1',
      clientId: 'client-1',
      clientSecret: 'secret-1',
      authorityUrl: simulator.url,
      baseUrl: simulator.url,
      ca: simulator.caPem,
      retry: { minDelayMs: 20 },
      ...readerOptions,
    });
    return { simulator, reader };
  }

  afterEach(async () => {
    await reader?.close();
    await simulator?.close();
    reader = undefined;
    simulator = undefined;
  });

  it('pages through every enabled user and keeps the matchable ones', async () => {
    const { simulator, reader } = await start({ users: USERS, pageSize: 100 });
    const users = await reader.listUsers();

    expect(USERS.length).to.be.greaterThanOrEqual(3000);
    expect(users.map((u) => u.id)).to.deep.equal(MATCHABLE.map((u) => u.id));
    expect(users.every((u) => u.accountEnabled === true)).to.equal(true);
    expect(users[0]).to.have.all.keys(
      'id',
      'employeeId',
      'mail',
      'userPrincipalName',
      'accountEnabled',
      'mobilePhone',
      'businessPhones',
    );
    // The server filtered the disabled users out: one page per 100 enabled users, not per 100 users.
    const userCalls = simulator.calls().filter((c) => c.kind === 'users');
    expect(userCalls).to.have.length(Math.ceil(ENABLED.length / 100));
    expect(userCalls.every((c) => c.status === 200)).to.equal(true);
  });

  it('requests a token once per expiry, not per page or per listing', async () => {
    const { simulator, reader } = await start({ users: USERS, pageSize: 250 });
    await reader.listUsers();
    await reader.listUsers();
    await reader.findUserByEmployeeId('10005');

    const calls = simulator.calls();
    expect(calls.filter((c) => c.kind === 'users').length).to.be.greaterThan(20);
    expect(calls.filter((c) => c.kind === 'token')).to.have.length(1);
  });

  it('waits out 429 Retry-After answers and still returns the whole listing', async () => {
    const { simulator, reader } = await start({ users: USERS, pageSize: 200, throttle: { perSecond: 6 } });
    const users = await reader.listUsers();

    expect(users).to.have.length(MATCHABLE.length);
    const statuses = simulator
      .calls()
      .filter((c) => c.kind === 'users')
      .map((c) => c.status);
    expect(statuses.filter((s) => s === 429).length).to.be.greaterThan(0);
    expect(statuses.filter((s) => s === 200)).to.have.length(Math.ceil(ENABLED.length / 200));
  });

  it('retries a 503 and completes the listing', async () => {
    const { simulator, reader } = await start({ users: USERS, pageSize: 500 });
    simulator.failNext(2, 503);
    const users = await reader.listUsers();

    expect(users).to.have.length(MATCHABLE.length);
    expect(simulator.calls().filter((c) => c.status === 503)).to.have.length(2);
  });

  it('fetches a new token once when Graph rejects the cached one', async () => {
    const { simulator, reader } = await start({ users: USERS, pageSize: 999 });
    await reader.listUsers();
    simulator.revokeTokens();
    const users = await reader.listUsers();

    expect(users).to.have.length(MATCHABLE.length);
    const calls = simulator.calls();
    expect(calls.filter((c) => c.kind === 'token')).to.have.length(2);
    expect(calls.filter((c) => c.status === 401)).to.have.length(1);
  });

  it('turns a bearer token Graph keeps refusing into a clear GraphAuthError', async () => {
    const { simulator, reader } = await start({ users: USERS, tokenLifetimeSeconds: 0 });
    const error = await reader.listUsers().then(
      () => null,
      (e: unknown) => e,
    );

    expect(error).to.be.instanceOf(GraphAuthError);
    expect((error as GraphAuthError).status).to.equal(401);
    expect((error as Error).message).to.match(/401 InvalidAuthenticationToken/);
    expect(simulator.calls().filter((c) => c.kind === 'users' && c.status === 401)).to.have.length(2);
  });

  it('answers 401 to a request with a bad or missing bearer token', async () => {
    const { simulator } = await start({ users: USERS });
    const dispatcher = new Agent({ connect: { ca: simulator.caPem } });
    try {
      for (const headers of [{ authorization: 'Bearer not-a-token' }, {}]) {
        const response = await fetch(`${simulator.url}/v1.0/users`, { headers, dispatcher });
        const body = (await response.json()) as { error: { code: string } };
        expect(response.status).to.equal(401);
        expect(body.error.code).to.equal('InvalidAuthenticationToken');
      }
    } finally {
      await dispatcher.close();
    }
  });

  it('reports refused client credentials as a GraphAuthError without calling the API', async () => {
    const { simulator, reader } = await start({ users: USERS, clientSecret: 'the-right-one' });
    const error = await reader.listUsers().then(
      () => null,
      (e: unknown) => e,
    );

    expect(error).to.be.instanceOf(GraphAuthError);
    expect((error as Error).message).to.match(/invalid_client/);
    expect(simulator.calls().filter((c) => c.kind === 'users')).to.have.length(0);
    expect((await reader.health()).ok).to.equal(false);
  });

  for (const status of [500, 400] as const) {
    it(`fails the listing when the token endpoint answers ${status} (set through /__sim), then reads again once it is back`, async () => {
      const { simulator, reader } = await start({ users: USERS, pageSize: 500 });
      const set = await fetch(`${simulator.url}/__sim/faults/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // Retry-After 1 s: MSAL holds its token requests back that long after a 5xx (60 s without the header).
        body: JSON.stringify({ count: 'unlimited', status, retryAfterSeconds: 1 }),
        dispatcher: new Agent({ connect: { ca: simulator.caPem } }),
      });
      expect(set.status).to.equal(204);
      const error = await reader.listUsers().then(
        () => null,
        (e: unknown) => e,
      );

      expect(error).to.be.instanceOf(GraphError);
      expect((error as Error).message).to.match(/Entra ID/);
      const tokenCalls = simulator.calls().filter((c) => c.kind === 'token');
      expect(tokenCalls.length).to.be.greaterThan(0);
      expect(tokenCalls.every((c) => c.status === status)).to.equal(true);
      expect(simulator.calls().filter((c) => c.kind === 'users')).to.have.length(0);

      expect(error).to.be.instanceOf(status === 500 ? GraphUnreachableError : GraphAuthError);
      simulator.failTokens(0);
      if (status === 500) await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect(await reader.listUsers()).to.have.length(MATCHABLE.length);
    });
  }

  it('finds a user by employeeId, and nothing for disabled or onmicrosoft users', async () => {
    const { reader } = await start({ users: USERS });
    const found = await reader.findUserByEmployeeId('10005');

    expect(found?.id).to.equal('user-5');
    expect(await reader.findUserByEmployeeId('10010')).to.equal(null); // disabled
    expect(await reader.findUserByEmployeeId('10051')).to.equal(null); // onmicrosoft.com mail
    expect(await reader.findUserByEmployeeId("no'such")).to.equal(null);
  });

  it('is healthy against a running simulator and not against a closed one', async () => {
    const started = await start({ users: USERS.slice(0, 10) });
    expect(await started.reader.health()).to.deep.equal({ ok: true });
    await started.simulator.close();
    const health = await started.reader.health();
    expect(health.ok).to.equal(false);
    expect(health.error).to.match(/no answer/);
  });
});
