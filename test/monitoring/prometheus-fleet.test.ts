import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { FleetControl } from '../../libs/queue/fleet-control.js';
import { FleetQueues } from '../../libs/queue/fleet-queues.js';
import { createRedisConnection } from '../../libs/queue/connections.js';
import { render } from '../deployment/render.js';
import { userJobData } from '../support/dashboard-fixtures.js';
import { FleetHarness } from '../support/fleet-harness.js';
import { startPrometheus, type PrometheusServer } from '../support/prometheus-servers.js';
import { renderedDashboard, renderedRuleGroups } from './rendered-rules.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls `check` until it returns a value that is not undefined, or fails naming what it waited for. */
async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

const NAMESPACE = 'safetyamp-sync';

/**
 * A real Prometheus (Debian) scraping a real dashboard, worker and producer on loopback every second, with the
 * prod overlay's rules (the `for:` durations shortened to 2 s; promtool's unit tests cover the real ones). The test
 * drives the fleet into states and reads alerts and queries back through Prometheus's HTTP API.
 */
describe('monitoring against a real Prometheus (dashboard, worker, producer scraped on loopback)', function () {
  this.timeout(400_000);
  let h: FleetHarness;
  let prometheus: PrometheusServer;
  let worker: ChildProcess;
  let stopping = false;
  const ports = { dashboard: 0, worker: 0, producer: 0 };

  const alertState = async (name: string, labels: Record<string, string> = {}): Promise<string> => {
    const alerts = await prometheus.alerts();
    const match = alerts.find(
      (a) => a.labels.alertname === name && Object.entries(labels).every(([k, v]) => a.labels[k] === v),
    );
    return match?.state ?? 'inactive';
  };
  const waitForAlert = (name: string, state: 'pending' | 'firing', labels: Record<string, string> = {}) =>
    eventually(`${name} ${state}`, async () =>
      (await alertState(name, labels)) === state ? true : undefined,
    );
  const scalar = async (expr: string): Promise<number | undefined> => {
    const [first] = await prometheus.query(expr);
    return first ? Number(first.value[1]) : undefined;
  };
  const dashboardSample = async (name: string): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${ports.dashboard}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return Number(line?.split(' ')[1]);
  };

  before(async () => {
    h = await FleetHarness.start({
      company: { employees: 40, jobs: 8, departments: 3, vehicles: 4 },
      rateLimit: { max: 50, windowMs: 1_000 },
      env: {
        // Nothing scheduled during the test: runs start when the test asks.
        SYNC_SCHEDULE: '0 3 1 1 *',
        RECONCILE_SCHEDULE: '0 4 1 1 *',
        JOB_ATTEMPTS: '1',
        DASHBOARD_SESSION_SECRET: 'a-session-secret-for-the-monitoring-test-only',
        DASHBOARD_AUTH_PROXY_HEADER: 'x-test-user',
        DASHBOARD_TRUST_PROXY: 'loopback',
        DASHBOARD_SECURE_COOKIES: 'false',
      },
    });
    ports.dashboard = await freePort();
    ports.worker = await freePort();
    ports.producer = await freePort();
    const logs: Record<string, string> = {};
    const keepLog = (name: string, child: ChildProcess): ChildProcess => {
      logs[name] = '';
      child.stderr?.on('data', (d: Buffer) => (logs[name] = (logs[name] + d.toString()).slice(-4_000)));
      return child;
    };
    keepLog(
      'dashboard',
      h.spawnFleet(['dashboard', '--port', String(ports.dashboard), '--host', '127.0.0.1']),
    );
    keepLog('producer', h.spawnFleet(['producer'], { WORKER_PORT: String(ports.producer) }));
    worker = keepLog('worker', h.spawnFleet(['worker'], { WORKER_PORT: String(ports.worker) }));
    // A fleet process that dies mid-test would leave every later wait to time out: say so, with its last words.
    for (const [name, child] of [['worker', worker]] as const)
      child.once('exit', (code, signal) => {
        if (!stopping) process.stderr.write(`the ${name} exited (${signal ?? code}):\n${logs[name]}\n`);
      });
    for (const [name, port] of Object.entries(ports)) {
      await eventually(`the ${name}'s /metrics`, async () =>
        (await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => null))?.ok ? true : undefined,
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n${logs[name]}`);
      });
    }
    // The fleet is paused for seconds here, not hours.
    const testThresholds: Record<string, string> = { 'safetyamp:threshold:fleet_paused_seconds': '3' };
    const groups = renderedRuleGroups('prod').map((g) => ({
      ...g,
      rules: g.rules.map((r) => ({
        ...r,
        ...(r.for ? { for: '2s' } : {}),
        ...(r.record && testThresholds[r.record] ? { expr: testThresholds[r.record] } : {}),
      })),
    }));
    const target = (port: number) => ({ targets: [`127.0.0.1:${port}`], labels: { namespace: NAMESPACE } });
    prometheus = await startPrometheus(
      stringify({
        // Scrapes every 2 s (a scrape may take over 1 s on a busy 2-core machine), rules every second.
        global: { scrape_interval: '2s', scrape_timeout: '2s', evaluation_interval: '1s' },
        rule_files: ['rules.yaml'],
        scrape_configs: [
          { job_name: 'safetyamp-dashboard', static_configs: [target(ports.dashboard)] },
          { job_name: 'safetyamp-worker', static_configs: [target(ports.worker), target(ports.producer)] },
        ],
      }),
      { 'rules.yaml': stringify({ groups }) },
    );
  });
  after(async () => {
    stopping = true;
    await prometheus?.close();
    await h?.close();
  });

  it('scrapes the dashboard, the worker and the producer', async () => {
    const targets = await eventually('three healthy targets', async () => {
      const t = await prometheus.targets();
      return t.length === 3 && t.every((x) => x.health === 'up') ? t : undefined;
    });
    expect(targets.map((t) => t.job).sort()).to.deep.equal([
      'safetyamp-dashboard',
      'safetyamp-worker',
      'safetyamp-worker',
    ]);
    // Before the first scrape the dashboard's series were absent: the alert may still be firing until the next
    // evaluation after it.
    await eventually('SafetyAmpMetricsDown inactive', async () =>
      (await alertState('SafetyAmpMetricsDown')) === 'inactive' ? true : undefined,
    );
  });

  it('a fleet that never synced is stalled; a completed sync clears it', async () => {
    await waitForAlert('SafetyAmpSyncStalled', 'firing');
    const { summary } = await h.sync([]);
    expect(summary.status).to.be.oneOf(['completed', 'completed_with_errors']);
    await eventually('a recent success', async () => {
      const since = await scalar('safetyamp:sync_seconds_since_success');
      return since !== undefined && since < 120 ? since : undefined;
    });
    await eventually('SafetyAmpSyncStalled inactive', async () =>
      (await alertState('SafetyAmpSyncStalled')) === 'inactive' ? true : undefined,
    );
  });

  it('a 429 from SafetyAmp fires SafetyAmpRateLimited', async () => {
    expect(await alertState('SafetyAmpRateLimited')).to.equal('inactive');
    h.safetyamp.setFaults({ forced429: { count: 1, retryAfterSeconds: 1 } });
    // The reconcile's listing calls meet the 429 (how the run ends is not the point here).
    await h.runFleet(['reconcile', '--json']);
    expect(h.safetyamp.stats().byStatus['429']).to.equal(1);
    await waitForAlert('SafetyAmpRateLimited', 'firing');
    // The recording rules are a group of their own, evaluated on their own tick.
    await eventually('the recorded 429 increase', async () =>
      ((await scalar('safetyamp:rate_limited:increase15m')) ?? 0) > 0 ? true : undefined,
    );
  });

  it('records SafetyAmp refuses fire SafetyAmpFailedRecordsRising and show by reason class', async () => {
    const db = h.vistaDatabase();
    db.prepare("UPDATE bPREH SET LastName = LastName || 'x' WHERE PRCo = 1 AND TermDate IS NULL").run();
    db.close();
    h.safetyamp.setFaults({ errorRate: 1 });
    try {
      const { summary } = await h.sync([]);
      expect(summary.users.failed).to.be.greaterThan(0);
    } finally {
      h.safetyamp.setFaults({ errorRate: null });
    }
    await waitForAlert('SafetyAmpFailedRecordsRising', 'firing');
    const byReason = await prometheus.query('safetyamp:last_run_failed_records:by_reason');
    expect(byReason.map((s) => s.metric.reason_class)).to.have.length.greaterThan(0);
  });

  it('every Grafana panel’s query returns data', async () => {
    const dashboard = renderedDashboard('prod');
    const empty: string[] = [];
    // Rates and quantiles need two scrapes after the series' first sample: give them a few seconds.
    await sleep(5_000);
    for (const panel of dashboard.panels)
      for (const { expr } of panel.targets) {
        const result = await prometheus.query(expr);
        if (result.length === 0) empty.push(`${panel.title}: ${expr}`);
      }
    expect(empty, 'panels without data').to.deep.equal([]);
  });

  it('the HPA’s and KEDA’s query returns the drain seconds the dashboard exports; zero and an alert while paused', async () => {
    // No worker takes jobs from here on: a backlog that stays.
    stopping = true;
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker.once('exit', resolve));
    const redis = createRedisConnection(h.redisUrl);
    const queues = new FleetQueues(redis, h.keyPrefix);
    try {
      for (let i = 0; i < 30; i += 1)
        await queues.entities.assets.add(`update assets M${i}`, userJobData('run-m', `M${i}`));
      const exported = await eventually('the dashboard exports the backlog', async () => {
        const drain = await dashboardSample('safetyamp_backlog_drain_seconds');
        return drain > 0 ? drain : undefined;
      });
      expect(exported).to.equal(30 / 50);

      const objects = render({ overlay: 'prod', remove: ['prometheus-adapter'], add: ['keda'] });
      const scaled = objects.find((o) => o.kind === 'ScaledObject') as unknown as {
        spec: { triggers: { metadata: { query: string } }[] };
      };
      const kedaQuery = scaled.spec.triggers[0]!.metadata.query;
      const adapter = render({ overlay: 'prod' }).find(
        (o) =>
          o.kind === 'ConfigMap' && o.metadata.name.startsWith('safetyamp-sync-prometheus-adapter-rules'),
      );
      const adapterQuery = (
        /metricsQuery: >-\n([\s\S]*?)(?:\n\S|$)/.exec(adapter?.data?.['config.yaml'] ?? '')?.[1] ?? ''
      ).replace(/<<\.LabelMatchers>>/g, `namespace="${NAMESPACE}"`);
      expect(adapterQuery).to.contain('safetyamp_backlog_drain_seconds');
      for (const query of [kedaQuery, adapterQuery, 'safetyamp:backlog_drain_seconds:scaling']) {
        const value = await eventually(query, async () => {
          const v = await scalar(query);
          return v === exported ? v : undefined;
        });
        expect(value, query).to.equal(exported);
      }

      // The workers' heartbeats run out: jobs wait with nobody to take them.
      await waitForAlert('SafetyAmpNoLiveWorker', 'firing');

      await new FleetControl(queues).pause();
      await waitForAlert('SafetyAmpFleetPausedLong', 'pending');
      await waitForAlert('SafetyAmpFleetPausedLong', 'firing');
      expect(await alertState('SafetyAmpNoLiveWorker')).to.not.equal('firing');
      // A paused fleet never scales out, though the dashboard still says what the backlog would take.
      expect(
        await eventually(kedaQuery, async () => ((await scalar(kedaQuery)) === 0 ? 0 : undefined)),
      ).to.equal(0);
      expect(await dashboardSample('safetyamp_backlog_drain_seconds')).to.equal(exported);
    } finally {
      await queues.close();
      await redis.quit();
    }
  });
});
