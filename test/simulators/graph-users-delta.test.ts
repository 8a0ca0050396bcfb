import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { Agent, fetch } from 'undici';
import { startGraphSimulator } from '../../apps/simulators/graph/server.js';
import type { GraphSimulator, GraphSimulatorOptions } from '../../apps/simulators/graph/server.js';
import type { GraphUser } from '../../libs/domain/types.js';

const USERS: GraphUser[] = Array.from({ length: 7 }, (_, i) => ({
  id: `u${i}`,
  employeeId: String(100 + i),
  mail: `p${i}@company.example`,
  accountEnabled: true,
  mobilePhone: null,
}));

interface DeltaBody {
  value: Record<string, unknown>[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
  error?: { code: string; message: string };
}

describe('Graph simulator: /v1.0/users/delta and the /__sim controls', function () {
  let simulator: GraphSimulator;
  let dispatcher: Agent;
  let token: string;
  let clock: number;

  async function start(options: GraphSimulatorOptions = {}): Promise<void> {
    clock = Date.UTC(2024, 5, 1);
    simulator = await startGraphSimulator({
      users: USERS,
      deltaPageSize: 3,
      deltaClock: () => clock,
      ...options,
    });
    dispatcher = new Agent({ connect: { ca: simulator.caPem } });
    const response = await fetch(`${simulator.url}/tenant/oauth2/v2.0/token`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'c',
        client_secret: 's',
        scope: `${simulator.url}/.default`,
      }).toString(),
    });
    token = ((await response.json()) as { access_token: string }).access_token;
  }

  async function get(url: string): Promise<{ status: number; body: DeltaBody; location: string | null }> {
    const response = await fetch(url, { dispatcher, headers: { authorization: `Bearer ${token}` } });
    return {
      status: response.status,
      body: (await response.json()) as DeltaBody,
      location: response.headers.get('location'),
    };
  }

  /** Follows nextLinks to the deltaLink; returns the items and the link. */
  async function round(
    url: string,
  ): Promise<{ items: Record<string, unknown>[]; pages: number; deltaLink: string }> {
    const items: Record<string, unknown>[] = [];
    let pages = 0;
    for (let next: string | undefined = url; ;) {
      const { status, body } = await get(next);
      expect(status, JSON.stringify(body)).to.equal(200);
      pages += 1;
      items.push(...body.value);
      if (body['@odata.deltaLink']) return { items, pages, deltaLink: body['@odata.deltaLink'] };
      expect(body['@odata.nextLink'], 'a page without a deltaLink has a nextLink').to.be.a('string');
      next = body['@odata.nextLink'] as string;
    }
  }

  async function control(method: string, path: string, body?: unknown) {
    const response = await fetch(`${simulator.url}/__sim${path}`, {
      method,
      dispatcher,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as { error: { message: string } }) : null,
    };
  }

  afterEach(async () => {
    await dispatcher.close();
    await simulator.close();
  });

  it('pages a first round by its page size (or a smaller $top) and carries $select in the links', async () => {
    await start();
    const first = await round(`${simulator.url}/v1.0/users/delta?$select=id,employeeId`);
    const small = await round(`${simulator.url}/v1.0/users/delta?$select=id&$top=2`);

    expect(first.pages).to.equal(3);
    expect(first.items).to.deep.equal(USERS.map((u) => ({ id: u.id, employeeId: u.employeeId })));
    expect(small.pages).to.equal(4);
    expect(small.items.map((u) => Object.keys(u))).to.deep.equal(USERS.map(() => ['id']));
  });

  it('reports changes since a link: full selected objects without never-set properties, and removals', async () => {
    await start();
    const { deltaLink } = await round(
      `${simulator.url}/v1.0/users/delta?$select=id,employeeId,mail,mobilePhone`,
    );
    expect((await control('PATCH', '/users/u1', { mail: 'new@company.example' })).status).to.equal(200);
    expect((await control('POST', '/users', { id: 'u9', employeeId: '109' })).status).to.equal(200);
    expect((await control('DELETE', '/users/u2')).status).to.equal(204);
    expect((await control('DELETE', '/users/u3?reason=deleted')).status).to.equal(204);
    const changes = await round(deltaLink);
    const after = await round(changes.deltaLink);

    expect(changes.items).to.deep.equal([
      { id: 'u1', employeeId: '101', mail: 'new@company.example', mobilePhone: null },
      { id: 'u2', '@removed': { reason: 'changed' } },
      { id: 'u3', '@removed': { reason: 'deleted' } },
      { id: 'u9', employeeId: '109' },
    ]);
    expect(after.items).to.deep.equal([]);
    expect(after.pages).to.equal(1);
    expect(simulator.users().map((u) => u.id)).to.deep.equal(['u0', 'u1', 'u4', 'u5', 'u6', 'u9']);
  });

  it('answers `latest` with a link and no users, and that link sees later changes only', async () => {
    await start();
    const latest = await round(`${simulator.url}/v1.0/users/delta?$deltatoken=latest`);
    simulator.updateUser('u4', { mobilePhone: '+1 5' });

    expect(latest.items).to.deep.equal([]);
    expect((await round(latest.deltaLink)).items.map((u) => u.id)).to.deep.equal(['u4']);
  });

  it('expires a link after its lifetime (400 syncStateNotFound) and every link after a reset (410 + Location)', async () => {
    await start({ deltaTokenLifetimeSeconds: 60 });
    const { deltaLink } = await round(`${simulator.url}/v1.0/users/delta?$select=id`);
    clock += 59_000;
    expect((await get(deltaLink)).status).to.equal(200);
    clock += 2_000;
    const expired = await get(deltaLink);
    expect(expired.status).to.equal(400);
    expect(expired.body.error?.code).to.equal('syncStateNotFound');

    const fresh = await round(`${simulator.url}/v1.0/users/delta?$select=id`);
    expect((await control('POST', '/delta/reset')).status).to.equal(204);
    const gone = await get(fresh.deltaLink);
    expect(gone.status).to.equal(410);
    expect(gone.body.error?.code).to.equal('resyncRequired');
    expect(gone.location).to.equal(`${simulator.url}/v1.0/users/delta?%24select=id`);
  });

  it('refuses a badly formed token, a $filter, and a request without a valid bearer token', async () => {
    await start();
    const garbled = await get(`${simulator.url}/v1.0/users/delta?$deltatoken=garbage`);
    const filtered = await get(`${simulator.url}/v1.0/users/delta?$filter=accountEnabled eq true`);
    token = 'not-a-token';
    const unauthenticated = await get(`${simulator.url}/v1.0/users/delta`);

    expect([garbled.status, garbled.body.error?.code]).to.deep.equal([400, 'syncStateInvalid']);
    expect([filtered.status, filtered.body.error?.code]).to.deep.equal([400, 'BadRequest']);
    expect(unauthenticated.status).to.equal(401);
  });

  it('validates control requests, naming the field', async () => {
    await start();
    const noId = await control('POST', '/users', { employeeId: '1' });
    const badType = await control('PATCH', '/users/u1', { accountEnabled: 'yes' });
    const unknown = await control('PATCH', '/users/nobody', { mail: 'x@y' });
    const badReason = await control('DELETE', '/users/u1?reason=gone');

    expect(noId.status).to.equal(400);
    expect(noId.body?.error.message).to.match(/^id:/);
    expect(badType.status).to.equal(400);
    expect(badType.body?.error.message).to.match(/^accountEnabled:/);
    expect(unknown.status).to.equal(404);
    expect(badReason.status).to.equal(400);
    expect(simulator.users()).to.have.length(USERS.length);
  });

  it('fails the next N token requests as /__sim/faults/token says, then issues tokens again', async () => {
    await start();
    const tokensBefore = simulator.calls().filter((c) => c.kind === 'token').length;
    const token = async () => {
      const response = await fetch(`${simulator.url}/tenant-1/oauth2/v2.0/token`, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'c',
          client_secret: 's',
          scope: 'https://graph.microsoft.com/.default',
        }).toString(),
      });
      const body = (await response.json()) as { error?: string; access_token?: string };
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
    };
    expect((await control('POST', '/faults/token', { count: 2, retryAfterSeconds: 3 })).status).to.equal(204);
    const first = await token();
    const second = await token();
    const third = await token();
    expect([first.status, second.status, third.status]).to.deep.equal([500, 500, 200]);
    expect(first.body.error).to.equal('server_error');
    expect(first.retryAfter).to.equal('3');
    expect(third.body.access_token).to.be.a('string');

    expect((await control('POST', '/faults/token', { count: 'unlimited', status: 400 })).status).to.equal(
      204,
    );
    const refused = await token();
    expect(refused.status).to.equal(400);
    expect(refused.body.error).to.equal('invalid_request');
    expect((await control('POST', '/faults/token', { count: 0 })).status).to.equal(204);
    expect((await token()).status).to.equal(200);
    expect(
      simulator
        .calls()
        .filter((c) => c.kind === 'token')
        .slice(tokensBefore)
        .map((c) => c.status),
    ).to.deep.equal([500, 500, 200, 400, 200]);

    const bad = await control('POST', '/faults/token', { count: 1, status: 503 });
    expect(bad.status).to.equal(400);
    expect(bad.body?.error.message).to.match(/^status:/);
  });

  it('counts delta and control requests apart from the user listing', async () => {
    await start();
    await round(`${simulator.url}/v1.0/users/delta`);
    await control('PATCH', '/users/u1', { mail: 'x@company.example' });
    await get(`${simulator.url}/v1.0/users`);
    const kinds = simulator.calls().map((c) => c.kind);

    expect(kinds.filter((k) => k === 'delta')).to.have.length(3);
    expect(kinds.filter((k) => k === 'control')).to.have.length(1);
    expect(kinds.filter((k) => k === 'users')).to.have.length(1);
  });
});

describe('fleet simulate graph --help', function () {
  it('describes the delta query and the controls', function () {
    const help = spawnSync(process.execPath, ['bin/fleet.js', 'simulate', 'graph', '--help'], {
      encoding: 'utf8',
    });
    expect(help.status).to.equal(0);
    expect(help.stdout).to.match(/--delta-token-lifetime/);
    expect(help.stdout).to.match(/POST \/__sim\/delta\/reset/);
    expect(help.stdout).to.match(/POST \/__sim\/faults\/token/);
  });
});
