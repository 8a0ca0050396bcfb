import { expect } from 'chai';
import {
  startSafetyAmpSimulator,
  type RunningSafetyAmpSimulator,
  type SafetyAmpSeed,
  type SafetyAmpSimulatorOptions,
} from '../../apps/simulators/safetyamp/server.js';
import { callSim, callSimFailure } from '../support/safetyamp-sim-http.js';

const SEED: SafetyAmpSeed = {
  site_clusters: [
    { id: 1, name: 'I&I', external_code: 'I&I', parent_cluster_id: null },
    { id: 2, name: 'North', external_code: 'North', parent_cluster_id: 1 },
  ],
  sites: [{ id: 100, name: '10001. - Plant A', external_code: '10001.', cluster_id: 2 }],
  user_titles: [{ id: 7, name: 'Foreman' }],
  asset_types: [{ id: 3183, name: 'Vehicles' }],
  users: [
    { id: 'aa000001', emp_id: '12', first_name: 'Ann', last_name: 'Lee', email: 'ann.lee@example.com' },
  ],
  assets: [{ id: 50, name: 'Truck 1', serial: 'G1SERIAL', asset_type_id: 3183, site_id: 100 }],
};

const NEW_USER = { emp_id: '900', first_name: 'Cy', last_name: 'Ng', email: 'cy.ng@example.com' };

/** A second record holding every unique key of one already in SEED, per writable collection. */
const SECOND_OF_A_KEY: { path: string; body: Record<string, unknown>; field: string }[] = [
  { path: '/api/users', body: { ...NEW_USER, emp_id: '12' }, field: 'emp_id' },
  { path: '/api/users', body: { ...NEW_USER, email: 'ANN.LEE@example.com' }, field: 'email' },
  {
    path: '/api/sites',
    body: { name: 'Again', external_code: '10001.', cluster_id: 2 },
    field: 'external_code',
  },
  { path: '/api/user_titles', body: { name: 'foreman' }, field: 'name' },
  {
    path: '/api/assets',
    body: { name: 'Truck 1b', serial: 'G1SERIAL', asset_type_id: 3183, site_id: 100 },
    field: 'serial',
  },
  { path: '/api/site_clusters', body: { name: 'North', parent_cluster_id: 1 }, field: 'name' },
];

describe('SafetyAmp simulator: unkind answers (over TCP)', function () {
  const started: RunningSafetyAmpSimulator[] = [];
  async function start(opts: SafetyAmpSimulatorOptions = {}): Promise<RunningSafetyAmpSimulator> {
    const sim = await startSafetyAmpSimulator({ seed: SEED, rateLimit: null, ...opts });
    started.push(sim);
    return sim;
  }
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sim) => sim.close()));
  });

  describe('lenient (no uniqueness rules)', () => {
    it('off by default: every second holder of a unique key is refused 422', async () => {
      const sim = await start();
      for (const { path, body, field } of SECOND_OF_A_KEY) {
        const answer = await callSim(sim, 'POST', path, body);
        expect(answer.status, `${path} ${field}`).to.equal(422);
        expect(answer.body.errors, `${path} ${field}`).to.have.property(field);
      }
    });

    it('on: accepts them all, and the state holds both records of each key', async () => {
      const sim = await start({ faults: { lenient: true } });
      for (const { path, body, field } of SECOND_OF_A_KEY) {
        expect((await callSim(sim, 'POST', path, body)).status, `${path} ${field}`).to.equal(201);
      }
      const state = sim.state();
      expect(state.users!.filter((u) => u.emp_id === '12')).to.have.length(2);
      expect(state.users!.filter((u) => u.email?.toLowerCase() === 'ann.lee@example.com')).to.have.length(2);
      expect(state.sites!.filter((s) => s.external_code === '10001.')).to.have.length(2);
      expect(state.user_titles!.filter((t) => t.name.toLowerCase() === 'foreman')).to.have.length(2);
      expect(state.assets!.filter((a) => a.serial === 'G1SERIAL')).to.have.length(2);
      expect(
        state.site_clusters!.filter((c) => c.name === 'North' && c.parent_cluster_id === 1),
      ).to.have.length(2);
    });

    it('on: every other rule still holds (required, types, E.164, exists)', async () => {
      const sim = await start({ faults: { lenient: true } });
      const missing = await callSim(sim, 'POST', '/api/users', { emp_id: '12', first_name: 'A' });
      expect(missing.status).to.equal(422);
      expect(missing.body.errors).to.have.keys('last_name', 'email');
      const phone = await callSim(sim, 'POST', '/api/users', { ...NEW_USER, mobile_phone: '555-0100' });
      expect(phone.body.errors).to.deep.equal({ mobile_phone: ['The mobile phone format is invalid.'] });
      const orphan = await callSim(sim, 'POST', '/api/sites', { name: 'X', cluster_id: 999 });
      expect(orphan.body.errors).to.deep.equal({ cluster_id: ['The selected cluster id is invalid.'] });
      const badType = await callSim(sim, 'POST', '/api/assets', {
        name: 'T',
        serial: 'S',
        asset_type_id: 'many',
        site_id: 100,
      });
      expect(badType.body.errors).to.deep.equal({ asset_type_id: ['The asset type id must be an integer.'] });
    });

    it('can be switched on and off at runtime (POST /__sim/faults)', async () => {
      const sim = await start();
      const on = await fetch(`${sim.url}/__sim/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ lenient: true }),
      });
      expect(await on.json()).to.deep.equal({ lenient: true });
      expect((await callSim(sim, 'POST', '/api/user_titles', { name: 'FOREMAN' })).status).to.equal(201);
      sim.setFaults({ lenient: null });
      expect((await callSim(sim, 'POST', '/api/user_titles', { name: 'Foreman ' })).status).to.equal(422);
    });
  });

  describe('appliedThenErrorRate', () => {
    it('off by default: a create is answered 201', async () => {
      const sim = await start();
      expect((await callSim(sim, 'POST', '/api/users', NEW_USER)).status).to.equal(201);
    });

    it('applies the write, then answers 500, 502 (HTML) or 503', async () => {
      const sim = await start({ faults: { appliedThenErrorRate: 1 } });
      const statuses = new Set<number>();
      for (let i = 0; i < 12; i++) {
        const answer = await callSim(sim, 'POST', '/api/user_titles', { name: `Title ${i}` });
        statuses.add(answer.status);
      }
      expect(
        [...statuses].every((s) => [500, 502, 503].includes(s)),
        [...statuses].join(),
      ).to.equal(true);
      expect(sim.state().user_titles).to.have.length(13);
      const calls = sim.calls();
      expect(calls.every((c) => c.faults?.includes('applied-then-error'))).to.equal(true);
      const patch = await callSim(sim, 'PATCH', '/api/users/aa000001', { city: 'Austin' });
      expect(patch.status).to.be.at.least(500);
      expect(sim.state().users![0]).to.include({ city: 'Austin' });
    });

    it('never touches reads or refused writes', async () => {
      const sim = await start({ faults: { appliedThenErrorRate: 1 } });
      expect((await callSim(sim, 'GET', '/api/users')).status).to.equal(200);
      expect((await callSim(sim, 'POST', '/api/user_titles', { name: 'Foreman' })).status).to.equal(422);
    });
  });

  describe('htmlErrorRate', () => {
    it('off by default: errors are JSON', async () => {
      const sim = await start();
      const answer = await callSim(sim, 'GET', '/api/nothing');
      expect(answer.headers.get('content-type')).to.match(/application\/json/);
    });

    it("answers with a load balancer's HTML page (502/503/504) and applies nothing", async () => {
      const sim = await start({ faults: { htmlErrorRate: 1 } });
      for (let i = 0; i < 6; i++) {
        const answer = await callSim(sim, 'POST', '/api/user_titles', { name: `T${i}` });
        expect([502, 503, 504]).to.include(answer.status);
        expect(answer.headers.get('content-type')).to.match(/^text\/html/);
        expect(answer.text)
          .to.match(/^<html>/)
          .and.to.include('nginx');
      }
      expect(sim.state().user_titles).to.have.length(1);
      expect(sim.calls()[0]?.faults).to.deep.equal(['html-error']);
    });
  });

  describe('truncatedBodyRate', () => {
    it('off by default: bodies arrive whole', async () => {
      const sim = await start();
      expect((await callSim(sim, 'GET', '/api/users')).body.data).to.have.length(1);
    });

    it('sends the status and half the announced body, then closes: the client cannot read it', async () => {
      const sim = await start({ faults: { truncatedBodyRate: 1 } });
      const read = await callSimFailure(sim, 'GET', '/api/users');
      expect(read.status).to.equal(200);
      expect(read.error).to.be.instanceOf(TypeError);
      const write = await callSimFailure(sim, 'POST', '/api/users', NEW_USER);
      expect(write.status).to.equal(201);
      expect(sim.state().users!.map((u) => u.emp_id)).to.include('900');
      expect(sim.calls().map((c) => c.faults)).to.deep.equal([['truncated-body'], ['truncated-body']]);
    });
  });

  describe('slowAnswers', () => {
    it('off by default: a client with a short timeout gets its answer', async () => {
      const sim = await start();
      const answer = await callSim(sim, 'POST', '/api/users', NEW_USER, AbortSignal.timeout(5_000));
      expect(answer.status).to.equal(201);
    });

    it('serves the request at once but holds the answer past the client timeout', async () => {
      const sim = await start({ faults: { slowAnswers: { rate: 1, delayMs: 600_000 } } });
      const failed = await callSimFailure(sim, 'POST', '/api/users', NEW_USER, AbortSignal.timeout(300));
      expect((failed.error as Error).name).to.equal('TimeoutError');
      expect(sim.state().users!.map((u) => u.emp_id)).to.include('900');
      expect(sim.calls()[0]?.faults).to.deep.equal(['slow-answer']);
    });
  });

  describe('latency with jitter', () => {
    it('answers with a latency drawn from a range', async () => {
      const sim = await start({ faults: { latencyMs: { min: 1, max: 20 } } });
      expect((await callSim(sim, 'GET', '/api/roles')).status).to.equal(200);
      expect(sim.faults().latencyMs).to.deep.equal({ min: 1, max: 20 });
    });

    it('refuses a range whose min exceeds its max', async () => {
      const sim = await start();
      const res = await fetch(`${sim.url}/__sim/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ latencyMs: { min: 50, max: 10 } }),
      });
      expect(res.status).to.equal(400);
      expect(sim.faults()).to.deep.equal({});
    });
  });
  describe('held writes (runtime only)', () => {
    const heldCalls = (sim: RunningSafetyAmpSimulator): number =>
      sim.calls().filter((c) => c.faults?.includes('held')).length;
    async function untilHeld(sim: RunningSafetyAmpSimulator, count: number): Promise<void> {
      while (heldCalls(sim) < count) await new Promise((resolve) => setTimeout(resolve, 10));
    }

    it('a write waits unapplied while held, and is applied and answered once released', async () => {
      const sim = await start({ faults: { holdWrites: true } });
      const answer = callSim(sim, 'POST', '/api/users', NEW_USER);
      await untilHeld(sim, 1);
      expect((sim.state().users ?? []).map((u) => u.emp_id)).to.deep.equal(['12']);
      expect((await callSim(sim, 'GET', '/api/users')).status, 'reads are not held').to.equal(200);
      sim.setFaults({ holdWrites: false });
      expect((await answer).status).to.equal(201);
      expect((sim.state().users ?? []).map((u) => u.emp_id).sort()).to.deep.equal(['12', '900']);
    });

    it('a held write whose client has gone is applied all the same when released', async () => {
      const sim = await start({ faults: { holdWrites: true } });
      const abort = new AbortController();
      const answer = callSim(sim, 'POST', '/api/users', NEW_USER, abort.signal).catch((e: Error) => e);
      await untilHeld(sim, 1);
      abort.abort();
      expect(await answer).to.be.instanceOf(Error);
      sim.setFaults({ holdWrites: null });
      while ((sim.state().users ?? []).length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      expect((sim.state().users ?? []).map((u) => u.emp_id).sort()).to.deep.equal(['12', '900']);
    });
  });
});
