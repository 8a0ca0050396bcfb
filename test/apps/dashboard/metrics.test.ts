import { expect } from 'chai';
import { RunMetricsObserver } from '../../../libs/fleet/run/run-metrics.js';
import { seedFailedJob, userJobData } from '../../support/dashboard-fixtures.js';
import { startDashboard, type DashboardHarness } from '../../support/dashboard-harness.js';

/** The value of one sample of the Prometheus text, matched by name and exact label set. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have =
      (m[2] ?? '')
        .match(/\w+="[^"]*"/g)
        ?.sort()
        .join(',') ?? '';
    if (have === wanted) return Number(m[3]);
  }
  return undefined;
}

describe('dashboard: /metrics', function () {
  let h: DashboardHarness;
  const budget = { max: 50, windowMs: 10_000 }; // 5 calls per second

  before(async () => {
    h = await startDashboard({ rateBudget: budget });
  });
  after(async () => h.close());

  async function scrape(): Promise<string> {
    const res = await h.anonymous().get('/metrics');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('text/plain');
    return res.text;
  }

  it('reports job counts per queue and state after a known number of jobs', async () => {
    for (const serial of ['A1', 'A2']) {
      await seedFailedJob(
        h.queues.entities.assets,
        `update assets ${serial}`,
        userJobData('run-x', serial),
        'HTTP 404',
      );
    }
    const users = h.queues.entities.users;
    await users.add('update users 9000', userJobData('run-x', '9000'), { timestamp: Date.now() - 7_200_000 });
    for (let i = 1; i < 7; i += 1) await users.add(`update users 900${i}`, userJobData('run-x', `900${i}`));
    for (let i = 0; i < 3; i += 1) {
      await h.queues.entities.sites.add(`update sites J-${i}`, userJobData('run-x', `J-${i}`), {
        delay: 3_600_000,
      });
    }
    for (let i = 0; i < 2; i += 1) {
      await h.queues.entities.titles.add(`create titles t${i}`, userJobData('run-x', `t${i}`), {
        priority: 5,
      });
    }
    await h.queues.runs.add('sync', { kind: 'sync', trigger: 'dashboard' }, { jobId: 'run-waiting' });

    const text = await scrape();
    const jobs = (queue: string, state: string) => sample(text, 'safetyamp_queue_jobs', { queue, state });
    expect(jobs('sync-users', 'waiting')).to.equal(7);
    expect(jobs('sync-sites', 'delayed')).to.equal(3);
    expect(jobs('sync-titles', 'prioritized')).to.equal(2);
    expect(jobs('sync-assets', 'failed')).to.equal(2);
    expect(jobs('runs', 'waiting')).to.equal(1);
    expect(jobs('sync-clusters', 'waiting')).to.equal(0);
    expect(jobs('sync-users', 'active')).to.equal(0);

    // Backlog: 7 waiting + 3 delayed + 2 prioritized entity jobs, one call each; failed and run jobs cost none.
    expect(sample(text, 'safetyamp_backlog_calls')).to.equal(12);
    expect(sample(text, 'safetyamp_rate_budget_calls_per_second')).to.equal(5);
    expect(sample(text, 'safetyamp_backlog_drain_seconds')).to.be.closeTo(12 / 5, 1e-9);
    expect(
      sample(text, 'safetyamp_queue_oldest_waiting_job_age_seconds', { queue: 'sync-users' }),
    ).to.be.at.least(7_200);
    expect(
      sample(text, 'safetyamp_queue_oldest_waiting_job_age_seconds', { queue: 'sync-clusters' }),
    ).to.equal(0);
  });

  it('reports the budget in use, the breakers and the pause', async () => {
    for (let i = 0; i < 3; i += 1) await h.limiter.acquire();
    const now = new Date().toISOString();
    const beat = { host: 'pod', queues: ['sync-users'], concurrency: 4, startedAt: now, seenAt: now };
    await h.workers.beat({ ...beat, workerId: 'w1', breaker: 'closed' });
    await h.workers.beat({ ...beat, workerId: 'w2', breaker: 'closed' });
    await h.workers.beat({ ...beat, workerId: 'w3', breaker: 'open' });
    await h.control.pause();
    const text = await scrape();
    await h.control.resume();
    expect(sample(text, 'safetyamp_rate_budget_used_calls')).to.equal(3);
    expect(sample(text, 'safetyamp_rate_budget_max_calls')).to.equal(50);
    expect(sample(text, 'safetyamp_rate_budget_utilisation_ratio')).to.be.closeTo(3 / 50, 1e-9);
    expect(sample(text, 'safetyamp_workers', { breaker: 'closed' })).to.equal(2);
    expect(sample(text, 'safetyamp_workers', { breaker: 'open' })).to.equal(1);
    expect(sample(text, 'safetyamp_workers', { breaker: 'halfOpen' })).to.equal(0);
    expect(sample(text, 'safetyamp_fleet_paused')).to.equal(1);
    expect(sample(text, 'safetyamp_fleet_paused_seconds')).to.be.at.least(0);
    const running = await scrape();
    expect(sample(running, 'safetyamp_fleet_paused')).to.equal(0);
    expect(sample(running, 'safetyamp_fleet_paused_seconds')).to.equal(0);
  });

  it('says how long the fleet has been paused, from the first scrape that saw it, on every replica', async () => {
    await h.control.pause();
    try {
      await scrape();
      await h.redis.set(`${h.prefix}:metrics:paused-since`, String(Date.now() - 3_600_000), 'XX');
      const replica = await startDashboard({ rateBudget: budget, prefix: h.prefix });
      const other = (await replica.anonymous().get('/metrics')).text;
      await replica.close({ keepKeys: true });
      expect(sample(await scrape(), 'safetyamp_fleet_paused_seconds')).to.be.within(3_600, 3_660);
      expect(sample(other, 'safetyamp_fleet_paused_seconds')).to.be.within(3_600, 3_660);
    } finally {
      await h.control.resume();
    }
    expect(sample(await scrape(), 'safetyamp_fleet_paused_seconds')).to.equal(0);
  });

  it('zero-initialises the fleet counters, so the first failed run is an increase from 0', async () => {
    const text = await scrape();
    expect(sample(text, 'safetyamp_runs_total', { kind: 'sync', outcome: 'failed' })).to.equal(0);
    expect(sample(text, 'safetyamp_runs_total', { kind: 'reconcile', outcome: 'completed' })).to.equal(0);
    expect(sample(text, 'safetyamp_run_deadline_exceeded_total', { kind: 'sync' })).to.equal(0);
    expect(sample(text, 'safetyamp_records_total', { type: 'assets', outcome: 'skipped' })).to.equal(0);
    expect(
      sample(text, 'safetyamp_source_read_errors_total', { source: 'graph', error_class: 'auth' }),
    ).to.equal(0);
    expect(sample(text, 'safetyamp_run_duration_seconds_count', { kind: 'dry_run' })).to.equal(0);
    expect(sample(text, 'safetyamp_rate_limited_total')).to.equal(0);
  });

  it('counts finished runs where they finish, once each, the same on a second replica', async () => {
    const observer = new RunMetricsObserver(h.counters);
    const dry = 'run-1-dry';
    await h.runRecords.start(dry, 'sync', 'dashboard', true, new Date(Date.now() - 300_000));
    await h.runRecords.recordPlan(dry, { users: { created: 4, unchanged: 9 } }, [], []);
    await h.runRecords.finish(dry, 'completed', new Date());
    await observer.runFinished((await h.runRecords.get(dry))!);
    const real = 'run-2-real';
    const startedAt = new Date(Date.now() - 90_000);
    await h.runRecords.start(real, 'sync', 'schedule', false, startedAt);
    await h.runRecords.recordPlan(
      real,
      { users: { invalid: 2, unchanged: 10 }, sites: { invalid: 1 } },
      [
        { type: 'users', key: '1', field: 'email', reason: 'e-mail is not a valid address' },
        { type: 'users', key: '2', field: 'email', reason: 'e-mail is required' },
        { type: 'sites', key: 'J-9', field: 'cluster_id', reason: 'no cluster for department 99' },
      ],
      [],
    );
    await h.runRecords.settleJob(real, 'j3', 'users', 'failed', {
      type: 'users',
      key: '3',
      jobId: 'j3',
      reason: 'SafetyAmp answered 422',
    });
    await h.runRecords.settleJob(real, 'j4', 'users', 'failed', {
      type: 'users',
      key: '4',
      jobId: 'j4',
      reason: 'SafetyAmp answered 503',
    });
    await h.runRecords.settleJob(real, 'j5', 'users', 'updated');
    await h.runRecords.finish(real, 'completed', new Date(startedAt.getTime() + 90_000));
    const summary = (await h.runRecords.get(real))!;
    await observer.runFinished(summary);
    await observer.runFinished(summary); // reported twice (a run job executed again): counted once

    const text = await scrape();
    expect(sample(text, 'safetyamp_runs_total', { kind: 'dry_run', outcome: 'completed' })).to.equal(1);
    expect(sample(text, 'safetyamp_runs_total', { kind: 'sync', outcome: 'completed_with_errors' })).to.equal(
      1,
    );
    expect(sample(text, 'safetyamp_run_duration_seconds_count', { kind: 'sync' })).to.equal(1);
    expect(sample(text, 'safetyamp_run_duration_seconds_bucket', { kind: 'sync', le: '60' })).to.equal(0);
    expect(sample(text, 'safetyamp_run_duration_seconds_bucket', { kind: 'sync', le: '120' })).to.equal(1);
    expect(sample(text, 'safetyamp_run_duration_seconds_sum', { kind: 'sync' })).to.equal(90);
    expect(sample(text, 'safetyamp_last_successful_run_timestamp_seconds', { kind: 'sync' })).to.equal(
      (startedAt.getTime() + 90_000) / 1000,
    );
    const records = (type: string, outcome: string) =>
      sample(text, 'safetyamp_records_total', { type, outcome });
    expect(records('users', 'failed')).to.equal(2);
    expect(records('users', 'updated')).to.equal(1);
    expect(records('users', 'invalid')).to.equal(2);
    expect(records('users', 'unchanged')).to.equal(10);
    expect(records('users', 'created')).to.equal(0); // the dry run's "would create" is not a record written
    expect(records('sites', 'invalid')).to.equal(1);
    const invalid = (type: string, cls: string) =>
      sample(text, 'safetyamp_last_run_invalid_records', { type, reason_class: cls });
    expect(invalid('users', 'email')).to.equal(2);
    expect(invalid('sites', 'cluster_id')).to.equal(1);
    const failed = (cls: string) =>
      sample(text, 'safetyamp_last_run_failed_records', { type: 'users', reason_class: cls });
    expect(failed('rejected')).to.equal(1);
    expect(failed('unavailable')).to.equal(1);

    // A second replica (same Redis, same prefix), started after the runs: the same numbers, not 0.
    const replica = await startDashboard({ rateBudget: budget, prefix: h.prefix });
    try {
      const res = await replica.anonymous().get('/metrics');
      const other = res.text;
      for (const [name, labels] of [
        ['safetyamp_runs_total', { kind: 'sync', outcome: 'completed_with_errors' }],
        ['safetyamp_records_total', { type: 'users', outcome: 'failed' }],
        ['safetyamp_last_successful_run_timestamp_seconds', { kind: 'sync' }],
      ] as const) {
        expect(sample(other, name, labels), name).to.equal(sample(text, name, labels));
      }
    } finally {
      await replica.close({ keepKeys: true });
    }
  });

  it('counts source reads by source: duration, rows, errors by class, last success', async () => {
    const observer = new RunMetricsObserver(h.counters);
    const at = new Date();
    await observer.sourcesRead([
      { source: 'vista', ok: true, at, durationMs: 1_500, rows: 120 },
      { source: 'graph', ok: false, at, durationMs: 200, rows: 0, error: 'x', errorClass: 'GraphAuthError' },
      {
        source: 'samsara',
        ok: false,
        at,
        durationMs: 30_000,
        rows: 0,
        errorClass: 'SamsaraUnreachableError',
      },
    ]);
    const text = await scrape();
    expect(sample(text, 'safetyamp_source_rows_read_total', { source: 'vista' })).to.equal(120);
    expect(
      sample(text, 'safetyamp_source_read_duration_seconds_bucket', { source: 'vista', le: '2.5' }),
    ).to.equal(1);
    expect(
      sample(text, 'safetyamp_source_read_duration_seconds_bucket', { source: 'vista', le: '1' }),
    ).to.equal(0);
    expect(sample(text, 'safetyamp_source_last_success_timestamp_seconds', { source: 'vista' })).to.equal(
      at.getTime() / 1000,
    );
    expect(sample(text, 'safetyamp_source_last_success_timestamp_seconds', { source: 'graph' })).to.equal(0);
    expect(
      sample(text, 'safetyamp_source_read_errors_total', { source: 'graph', error_class: 'auth' }),
    ).to.equal(1);
    expect(
      sample(text, 'safetyamp_source_read_errors_total', { source: 'samsara', error_class: 'unavailable' }),
    ).to.equal(1);
  });

  it('counts every 429 of the fleet from the shared limiter', async () => {
    await h.limiter.pauseFor(10);
    await h.limiter.pauseFor(10);
    expect(sample(await scrape(), 'safetyamp_rate_limited_total')).to.equal(2);
  });

  it('reports its readiness check duration and Redis latency', async () => {
    await h.anonymous().get('/ready');
    const text = await scrape();
    expect(
      sample(text, 'safetyamp_health_check_duration_seconds_count', { check: 'ready', outcome: 'ok' }),
    ).to.be.at.least(1);
  });
});
