import { expect } from 'chai';
import { Queue } from 'bullmq';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ENTITY_TYPES, type EntityType } from '../../../libs/domain/types.js';
import type { ReadinessReport } from '../../../libs/fleet/readiness.js';
import { createRedisConnection } from '../../../libs/queue/connections.js';
import { entityQueueName } from '../../../libs/queue/names.js';
import type { RunSummary } from '../../../libs/state/run-records.js';
import { escapeHtml } from '../../../apps/dashboard/html.js';
import type { RunDetails } from '../../../libs/ops/index.js';
import { startDashboard } from '../../support/dashboard-harness.js';
import { expectConverged, expectNoDuplicates } from '../../support/fleet-assertions.js';
import { FleetHarness } from '../../support/fleet-harness.js';
import { startPlainRedis } from '../../support/redis-servers.js';

const company = { employees: 40, jobs: 10, departments: 3, vehicles: 6 };
/** Schedules that never fire during a test, so that a producer only executes the runs a test asks for. */
const NO_SCHEDULE = { SYNC_SCHEDULE: '0 0 1 1 *', RECONCILE_SCHEDULE: '0 0 1 1 *' };

const apiCalls = (h: FleetHarness): number =>
  h.safetyamp.calls().filter((c) => c.path.startsWith('/api/')).length;
const writes = (summary: RunSummary, type: EntityType): number =>
  summary[type].created + summary[type].updated + summary[type].deactivated;

/** Resolves with the first JSON log line of `child` whose message is `message`. */
function logLine(child: ChildProcess, message: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.once('exit', (code) => reject(new Error(`exited with ${code} before logging '${message}'`)));
    child.stderr?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (entry.message === message) resolve(entry);
        } catch {
          reject(new Error(`a stderr line that is not JSON: ${line}`));
        }
      }
    });
  });
}

/** A long-running fleet process's /ready, on the health port its start line names. */
async function readinessOf(child: ChildProcess, startLine: string) {
  const started = await logLine(child, startLine);
  const url = `http://127.0.0.1:${String(started.healthPort)}/ready`;
  return async () => {
    const res = await fetch(url);
    return { status: res.status, body: (await res.json()) as ReadinessReport };
  };
}

/** The dashboard, on the fleet's Redis, shows the run's page with `line` and its API answers what `check` wants. */
async function expectDashboardSays(
  h: FleetHarness,
  runId: string,
  line: string,
  check: (run: RunDetails['run']) => void,
): Promise<void> {
  const dashboard = await startDashboard({ prefix: h.keyPrefix, keepKeys: true });
  try {
    const operator = await dashboard.operator();
    const page = await operator.page(`/runs/${encodeURIComponent(runId)}`);
    expect(page.text).to.contain(escapeHtml(line));
    check((await operator.get(`/api/runs/${encodeURIComponent(runId)}`)).json<RunDetails>().run);
  } finally {
    await dashboard.close();
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/**
 * A run degrades instead of halting: a source that is down skips only the entity types that need it (which
 * source feeds which type: docs/degraded-runs.md), a run past its deadline ends `timed_out` without holding the
 * next one, and a Redis that may evict keys is refused at start. Every case goes through the real fleet: `fleet`
 * processes, real Redis, the simulators over TCP.
 */
describe('degraded runs: the fleet degrades instead of halting', function () {
  this.timeout(300_000);

  it('Samsara down: clusters, sites, titles and users sync, assets are skipped with the reason, exit 1; /ready says degraded', async () => {
    const h = await FleetHarness.start({ company });
    try {
      const assetsBefore = h.safetyamp.state().assets;
      await h.samsara.close();
      const { code, summary, stderr } = await h.sync();
      expect(code, stderr.slice(-2000)).to.equal(1);
      expect(summary.status).to.equal('completed_with_errors');
      expect(summary.skipped).to.have.length(1);
      expect(summary.skipped[0]).to.include({ type: 'assets', source: 'samsara' });
      expect(summary.skipped[0]?.reason).to.match(/^samsara unavailable \(.+\)$/);
      for (const type of ['clusters', 'sites', 'titles', 'users'] as const) {
        expect(summary[type].created, `${type} created`).to.be.greaterThan(0);
        expect(summary[type].failed, `${type} failed`).to.equal(0);
      }
      expect(writes(summary, 'assets')).to.equal(0);
      expect(h.safetyamp.state().assets).to.deep.equal(assetsBefore);
      const employees = new Set(h.company.vista.bPREH.map((e) => String(e.Employee)));
      const synced = (h.safetyamp.state().users ?? []).filter((u) => employees.has(String(u.emp_id)));
      expect(synced.length).to.be.at.least(summary.users.created);
      expect(stderr).to.contain('type skipped: a source it needs is unavailable');
      expectNoDuplicates(h);
      await expectDashboardSays(h, summary.runId, `Skipped (assets): ${summary.skipped[0]?.reason}`, (run) =>
        expect(run.skipped).to.deep.equal(summary.skipped),
      );

      // The operator's view: the text summary names the skipped type and why, and the next run skips it again.
      h.safetyamp.clearCalls();
      const text = await h.runFleet(['sync', '--wait', '--inline']);
      expect(text.code).to.equal(1);
      expect(text.stdout).to.match(/skipped assets: samsara unavailable \(.+\)/);
      expect(apiCalls(h), 'no change, no call').to.equal(0);

      // Every process tells it on /ready without a source connection or a SafetyAmp call of its own.
      const worker = h.spawnFleet(['worker'], { LOG_LEVEL: 'info' });
      const producer = h.spawnFleet(['producer'], { LOG_LEVEL: 'info', ...NO_SCHEDULE });
      const probes = [
        await readinessOf(worker, 'worker started'),
        await readinessOf(producer, 'producer started'),
      ];
      const seen = () => [apiCalls(h), h.graph.calls().length, h.vista.requests().length];
      const before = seen();
      for (const probe of probes) {
        for (let i = 0; i < 3; i++) {
          const { status, body } = await probe();
          expect(status).to.equal(200);
          expect(body.status).to.equal('degraded');
          expect(body.checks.redis.status).to.equal('ok');
          expect(body.checks.safetyamp).to.deep.equal({ status: 'ok', breaker: 'closed' });
          expect(body.checks.sources.vista?.status).to.equal('ok');
          expect(body.checks.sources.graph?.status).to.equal('ok');
          expect(body.checks.sources.samsara).to.include({ status: 'down', consecutiveFailures: 2 });
          expect(body.checks.sources.samsara?.ageSeconds).to.be.a('number');
        }
      }
      expect(seen(), 'SafetyAmp, Graph and Vista requests during the probes').to.deep.equal(before);
      await Promise.all([stop(worker), stop(producer)]);
    } finally {
      await h.close();
    }
  });

  it('Samsara answering garbage (HTML with 200): assets are skipped with the reason, the rest syncs', async () => {
    const h = await FleetHarness.start({ company });
    const garbage = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Down for maintenance</body></html>');
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    try {
      const samsaraUrl = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`;
      const { code, summary } = await h.sync(['--inline'], { SAMSARA_BASE_URL: samsaraUrl });
      expect(code).to.equal(1);
      expect(summary.status).to.equal('completed_with_errors');
      expect(summary.skipped.map((k) => `${k.type}:${k.source}`)).to.deep.equal(['assets:samsara']);
      expect(summary.skipped[0]?.reason).to.match(/^samsara unavailable \(.+\)$/);
      for (const type of ['clusters', 'sites', 'titles', 'users'] as const)
        expect(summary[type].created, `${type} created`).to.be.greaterThan(0);
      expect(writes(summary, 'assets')).to.equal(0);
    } finally {
      garbage.closeAllConnections();
      await new Promise<void>((resolve) => garbage.close(() => resolve()));
      await h.close();
    }
  });

  it('Graph down: users are skipped (no e-mail is blanked), clusters, sites, titles and assets sync; users catch up once Graph is back', async () => {
    const h = await FleetHarness.start({ company });
    try {
      const first = await h.sync();
      expect(first.summary.skipped).to.deep.equal([]);
      const usersBefore = h.safetyamp.state().users ?? [];
      const employee = usersBefore.find((u) => u.emp_id && u.system_access !== false);
      const db = h.vistaDatabase();
      db.prepare("UPDATE bPREH SET LastName = 'Renamed' WHERE PRCo = 1 AND Employee = ?").run(
        Number(employee?.emp_id),
      );
      const site = (h.safetyamp.state().sites ?? []).find((s) => s.external_code);
      db.prepare("UPDATE bJCJM SET Description = 'Renamed site' WHERE JCCo = 1 AND Job = ?").run(
        String(site?.external_code),
      );
      db.close();
      const asset = (h.safetyamp.state().assets ?? []).find((a) => a.serial);
      const vehicle = h.samsara.vehicles().find((v) => v.serial === asset?.serial);
      h.samsara.updateVehicle(String(vehicle?.id), { name: 'Renamed truck' });
      h.graph.failNext(Infinity, 503);

      const { code, summary } = await h.sync();
      expect(code).to.equal(1);
      expect(summary.status).to.equal('completed_with_errors');
      expect(summary.skipped).to.have.length(1);
      expect(summary.skipped[0]).to.include({ type: 'users', source: 'graph' });
      expect(summary.skipped[0]?.reason).to.match(/^graph unavailable \(.+\)$/);
      expect(writes(summary, 'users')).to.equal(0);
      // The users the fleet holds were not checked: the run says how many.
      expect(summary.users.skipped).to.be.greaterThan(0);
      expect(summary.sites.updated).to.equal(1);
      expect(summary.assets.updated).to.equal(1);
      for (const type of ENTITY_TYPES) expect(summary[type].failed, `${type} failed`).to.equal(0);
      expect(h.safetyamp.state().users, 'no user written while Graph is down').to.deep.equal(usersBefore);

      h.graph.failNext(0);
      const back = await h.sync();
      expect(back.summary.skipped).to.deep.equal([]);
      expect(back.summary.users.updated).to.equal(1);
      const renamed = (h.safetyamp.state().users ?? []).find((u) => u.emp_id === employee?.emp_id);
      expect(renamed?.last_name).to.equal('Renamed');
      expect(renamed?.email, 'the e-mail Graph gives is kept').to.equal(employee?.email);
      await expectConverged(h);
      expectNoDuplicates(h);
    } finally {
      await h.close();
    }
  });

  it('Vista down: every type is skipped, nothing is deactivated and SafetyAmp gets no call at all', async () => {
    const h = await FleetHarness.start({ company });
    try {
      await h.sync();
      const stateBefore = h.safetyamp.state();
      const active = (stateBefore.users ?? []).filter((u) => u.emp_id && u.system_access !== false);
      expect(active.length).to.be.greaterThan(0);
      // A vehicle changed meanwhile: assets still wait, their drivers are Vista employees.
      const vehicle = h.samsara.vehicles().find((v) => v.serial);
      h.samsara.updateVehicle(String(vehicle?.id), { name: 'Renamed truck' });
      await h.vista.close();
      h.safetyamp.clearCalls();

      const { code, summary } = await h.sync();
      expect(code).to.equal(1);
      expect(summary.status).to.equal('completed_with_errors');
      expect(summary.skipped.map((s) => `${s.type}:${s.source}`)).to.have.members(
        ENTITY_TYPES.map((t) => `${t}:vista`),
      );
      for (const s of summary.skipped) expect(s.reason).to.match(/^vista unavailable \(.+\)$/);
      for (const type of ENTITY_TYPES) expect(writes(summary, type), type).to.equal(0);
      expect(summary.safetyampCalls).to.equal(0);
      expect(apiCalls(h), 'SafetyAmp calls').to.equal(0);
      expect(h.safetyamp.state()).to.deep.equal(stateBefore);
    } finally {
      await h.close();
    }
  });

  it('a deadline hit with no live worker ends the run timed_out (exit 1) naming what it left queued; the next run proceeds', async () => {
    const h = await FleetHarness.start({ company });
    const redis = createRedisConnection(h.redisUrl);
    const queues = ENTITY_TYPES.map(
      (type) => new Queue(entityQueueName(type), { connection: redis, prefix: h.keyPrefix }),
    );
    try {
      const producer = h.spawnFleet(['producer'], NO_SCHEDULE);
      const timedOut = await h.sync(['--max-duration', '3s']);
      expect(timedOut.code).to.equal(1);
      expect(timedOut.summary.status).to.equal('timed_out');
      const unfinished = Object.values(timedOut.summary.unfinished).reduce((n, c) => n + (c ?? 0), 0);
      expect(unfinished, 'jobs left unfinished').to.be.greaterThan(0);
      expect(timedOut.summary.unfinished.clusters).to.be.greaterThan(0);
      const waiting = await Promise.all(queues.map((q) => q.getWaitingCount()));
      expect(
        waiting.reduce((n, c) => n + c, 0),
        'its jobs stay queued',
      ).to.equal(unfinished);
      expect(
        h.safetyamp.calls().filter((c) => c.method !== 'GET'),
        'no worker, no write',
      ).to.deep.equal([]);
      await expectDashboardSays(
        h,
        timedOut.summary.runId,
        `Unfinished (clusters): ${timedOut.summary.unfinished.clusters} jobs still queued`,
        (run) => expect(run.unfinished).to.deep.equal(timedOut.summary.unfinished),
      );

      // The producer is free again: the next run (a worker now alive) takes the queued jobs over and completes.
      const worker = h.spawnFleet(['worker']);
      const next = await h.sync([]);
      expect(next.summary.runId).to.not.equal(timedOut.summary.runId);
      expect(next.summary.status, next.stderr.slice(-2000)).to.be.oneOf([
        'completed',
        'completed_with_errors',
      ]);
      expect(next.summary.unfinished).to.deep.equal({});
      for (const type of ENTITY_TYPES) expect(next.summary[type].failed, `${type} failed`).to.equal(0);
      expect(next.summary.skipped).to.deep.equal([]);
      await Promise.all([stop(worker), stop(producer)]);
      await expectConverged(h);
      expectNoDuplicates(h);
    } finally {
      await Promise.all(queues.map((q) => q.close()));
      await redis.quit();
      await h.close();
    }
  });

  it('a Redis that may evict keys (allkeys-lru) is refused by every process kind, naming maxmemory-policy; REDIS_ALLOW_EVICTION=true starts with a warning', async () => {
    const redis = await startPlainRedis({ args: ['--maxmemory-policy', 'allkeys-lru'] });
    const h = await FleetHarness.start({ company, redisUrl: redis.target.url });
    const dashboardEnv = {
      DASHBOARD_SESSION_SECRET: 'a-dashboard-session-secret-of-32-chars',
      DASHBOARD_AUTH_PROXY_HEADER: 'x-user',
      DASHBOARD_TRUST_PROXY: 'loopback',
      DASHBOARD_HOST: '127.0.0.1',
      DASHBOARD_PORT: '0',
      DASHBOARD_SECURE_COOKIES: 'false',
    };
    try {
      const kinds: [string, string[]][] = [
        ['worker', ['worker']],
        ['producer', ['producer']],
        ['sync', ['sync', '--wait', '--inline']],
        ['dashboard', ['dashboard']],
      ];
      for (const [kind, args] of kinds) {
        const refused = await h.runFleet(args, { ...NO_SCHEDULE, ...dashboardEnv });
        expect(refused.code, kind).to.equal(2);
        expect(refused.stderr, kind).to.contain(
          'Redis maxmemory-policy is allkeys-lru: set it to noeviction',
        );
        expect(refused.stderr, kind).to.contain('REDIS_ALLOW_EVICTION=true');
      }
      expect(apiCalls(h), 'a refused process calls nobody').to.equal(0);
      expect(await redisKeys(), 'a refused process writes nothing to Redis').to.equal(0);

      const allow = { REDIS_ALLOW_EVICTION: 'true', LOG_LEVEL: 'info', ...NO_SCHEDULE };
      const worker = h.spawnFleet(['worker'], allow);
      const warning = logLine(worker, 'redis may evict keys: starting anyway (REDIS_ALLOW_EVICTION=true)');
      await logLine(worker, 'worker started');
      expect(await warning).to.include({ level: 'warn', maxmemoryPolicy: 'allkeys-lru' });
      const { code, summary } = await h.sync(['--inline'], allow);
      expect(code).to.equal(1);
      expect(summary.status).to.equal('completed_with_errors');
      expect(summary.users.created).to.be.greaterThan(0);
      await stop(worker);
    } finally {
      await h.close();
      await redis.stop();
    }

    async function redisKeys(): Promise<number> {
      const client = createRedisConnection(redis.target.url);
      try {
        return await client.dbsize();
      } finally {
        await client.quit();
      }
    }
  });
});
