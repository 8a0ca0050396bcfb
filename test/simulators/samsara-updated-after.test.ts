import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { startSamsaraSimulator } from '../../apps/simulators/samsara/server.js';
import type { SamsaraSimulator } from '../../apps/simulators/samsara/server.js';

interface Listing {
  data: { id: string; name?: string; createdAtTime?: string; updatedAtTime?: string }[];
  pagination: { endCursor: string; hasNextPage: boolean };
  message?: string;
}

describe('Samsara simulator: updatedAfterTime / createdAfterTime and the /__sim controls', function () {
  let simulator: SamsaraSimulator;

  beforeEach(async () => {
    simulator = await startSamsaraSimulator({
      data: {
        vehicles: [
          {
            id: 'v1',
            name: 'Old',
            createdAtTime: '2024-01-01T00:00:00Z',
            updatedAtTime: '2024-01-01T00:00:00Z',
          },
          {
            id: 'v2',
            name: 'Mid',
            createdAtTime: '2024-01-01T00:00:00Z',
            updatedAtTime: '2024-03-01T12:00:00Z',
          },
          {
            id: 'v3',
            name: 'New',
            createdAtTime: '2024-05-01T00:00:00Z',
            updatedAtTime: '2024-05-01T00:00:00Z',
          },
          { id: 'v4', name: 'Unstamped' },
        ],
        drivers: [{ id: 'd1', name: 'Driver', notes: 'Emp #000001', updatedAtTime: '2024-01-01T00:00:00Z' }],
      },
    });
  });

  afterEach(async () => {
    await simulator.close();
  });

  async function list(query: string, path = '/fleet/vehicles') {
    const response = await fetch(`${simulator.url}${path}?${query}`, {
      headers: { authorization: 'Bearer k' },
    });
    return {
      status: response.status,
      date: response.headers.get('date'),
      body: (await response.json()) as Listing,
    };
  }

  async function control(method: string, path: string, body?: unknown) {
    const response = await fetch(`${simulator.url}/__sim${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  }

  const ids = (listing: Listing) => listing.data.map((v) => v.id);

  it('filters on updatedAtTime at or after the time, in any RFC 3339 offset, and stamps unstamped records at start', async () => {
    const exact = await list('updatedAfterTime=2024-03-01T12:00:00Z');
    const offset = await list(`updatedAfterTime=${encodeURIComponent('2024-03-01T13:00:00.001+01:00')}`);
    const created = await list('createdAfterTime=2024-04-01T00:00:00Z');
    const everything = await list('');

    expect(exact.status).to.equal(200);
    expect(ids(exact.body)).to.deep.equal(['v2', 'v3', 'v4']);
    expect(ids(offset.body)).to.deep.equal(['v3', 'v4']);
    expect(ids(created.body)).to.deep.equal(['v3', 'v4']);
    const stamped = everything.body.data.find((v) => v.id === 'v4');
    expect(Date.parse(stamped?.updatedAtTime ?? '')).to.be.greaterThan(Date.parse('2025-01-01T00:00:00Z'));
    expect(everything.date).to.be.a('string');
  });

  it('filters drivers the same way and pages a filtered listing', async () => {
    const drivers = await list('updatedAfterTime=2024-01-01T00:00:00Z', '/fleet/drivers');
    const none = await list('updatedAfterTime=2024-01-01T00:00:00.001Z', '/fleet/drivers');
    const first = await list('updatedAfterTime=2024-02-01T00:00:00Z&limit=2');
    const second = await list(
      `updatedAfterTime=2024-02-01T00:00:00Z&limit=2&after=${first.body.pagination.endCursor}`,
    );

    expect(ids(drivers.body)).to.deep.equal(['d1']);
    expect(ids(none.body)).to.deep.equal([]);
    expect([ids(first.body), first.body.pagination.hasNextPage]).to.deep.equal([['v2', 'v3'], true]);
    expect([ids(second.body), second.body.pagination.hasNextPage]).to.deep.equal([['v4'], false]);
  });

  it('refuses a time that is not RFC 3339', async () => {
    for (const value of ['2024-01-01', '2024-01-01 00:00:00Z', 'yesterday']) {
      const answer = await list(`updatedAfterTime=${encodeURIComponent(value)}`);
      expect(answer.status, value).to.equal(400);
      expect(answer.body.message).to.match(/updatedAfterTime.*RFC 3339/);
    }
  });

  it('stamps every change made through the controls, and keeps createdAtTime', async () => {
    const before = Date.now();
    const patched = await control('PATCH', '/vehicles/v1', { name: 'Renamed' });
    const created = await control('POST', '/vehicles', { id: 'v9', name: 'Added' });
    const driver = await control('PATCH', '/drivers/d1', { notes: 'Emp #000002' });
    const removed = await control('DELETE', '/vehicles/v2');
    const since = new Date(before - 1000).toISOString();

    expect(patched.status).to.equal(200);
    expect(patched.body).to.include({ id: 'v1', name: 'Renamed', createdAtTime: '2024-01-01T00:00:00Z' });
    expect(Date.parse(String(patched.body?.updatedAtTime))).to.be.at.least(before);
    expect(created.status).to.equal(200);
    expect(driver.status).to.equal(200);
    expect(removed.status).to.equal(204);
    expect(ids((await list(`updatedAfterTime=${since}`)).body)).to.deep.equal(['v1', 'v4', 'v9']);
    expect(ids((await list(`updatedAfterTime=${since}`, '/fleet/drivers')).body)).to.deep.equal(['d1']);
    expect(simulator.vehicles().map((v) => v.id)).to.deep.equal(['v1', 'v3', 'v4', 'v9']);
  });

  it('loops the cursor from page k as /__sim/faults/cursor-loop says, until cleared', async () => {
    expect((await control('POST', '/faults/cursor-loop', { afterPage: 2 })).status).to.equal(204);
    const first = await list('limit=1');
    const second = await list(`limit=1&after=${first.body.pagination.endCursor}`);
    const backToFirst = await list(`limit=1&after=${second.body.pagination.endCursor}`);
    expect(ids(first.body)).to.deep.equal(['v1']);
    expect(ids(second.body)).to.deep.equal(['v2']);
    expect(second.body.pagination.hasNextPage).to.equal(true);
    expect(ids(backToFirst.body), 'page 2 pointed back to page 1').to.deep.equal(['v1']);
    expect(simulator.calls().filter((c) => c.fault === 'cursor-loop')).to.have.length(1);
    // The last page loops too: hasNextPage never ends.
    const last = await list(`limit=1&after=${Buffer.from('offset:3').toString('base64url')}`);
    expect(last.body.pagination.hasNextPage).to.equal(true);

    expect((await control('POST', '/faults/cursor-loop', { afterPage: null })).status).to.equal(204);
    const cleared = await list(`limit=1&after=${first.body.pagination.endCursor}`);
    expect(ids(cleared.body)).to.deep.equal(['v2']);
    expect(Buffer.from(cleared.body.pagination.endCursor, 'base64url').toString()).to.equal('offset:2');
    expect((await control('POST', '/faults/cursor-loop', { afterPage: 0 })).status).to.equal(400);
  });

  it('answers bad control requests with 400 or 404 and changes nothing', async () => {
    expect((await control('PATCH', '/vehicles/nope', { name: 'x' })).status).to.equal(404);
    expect((await control('DELETE', '/vehicles/nope')).status).to.equal(404);
    expect((await control('POST', '/vehicles', { name: 'no id' })).status).to.equal(400);
    expect((await control('PATCH', '/vehicles/v1', { id: 'other' })).status).to.equal(400);
    expect((await control('POST', '/drivers', [1, 2])).status).to.equal(400);
    expect(simulator.vehicles().map((v) => v.name)).to.deep.equal(['Old', 'Mid', 'New', 'Unstamped']);
  });
});

describe('fleet simulate samsara --help', function () {
  it('describes the time filters and the controls', function () {
    const help = spawnSync(process.execPath, ['bin/fleet.js', 'simulate', 'samsara', '--help'], {
      encoding: 'utf8',
    });
    expect(help.status).to.equal(0);
    expect(help.stdout).to.match(/updatedAfterTime/);
    expect(help.stdout).to.match(/PATCH \/__sim\/vehicles\/:id/);
    expect(help.stdout).to.match(/POST \/__sim\/faults\/cursor-loop/);
  });
});
