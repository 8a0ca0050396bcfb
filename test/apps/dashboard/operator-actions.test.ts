import { expect } from 'chai';
import type { OperatorActionList } from '../../../libs/ops/index.js';
import { FleetLogLevel } from '../../../libs/platform/fleet-log-level.js';
import type { LogLevel } from '../../../libs/platform/logger.js';
import { AuditTrail, OperatorActionLog } from '../../../libs/state/index.js';
import { seedFailedJob, userJobData } from '../../support/dashboard-fixtures.js';
import { startDashboard, type DashboardHarness } from '../../support/dashboard-harness.js';
import type { DashboardClient } from '../../support/dashboard-http.js';

const DAY_MS = 24 * 3600_000;

describe('dashboard: operator actions, recorded with who and when, kept by age', function () {
  let h: DashboardHarness;
  let operator: DashboardClient;
  let viewer: DashboardClient;

  before(async () => {
    h = await startDashboard();
    [operator, viewer] = await Promise.all([h.operator(), h.viewer()]);
    await Promise.all([operator.page('/'), viewer.page('/')]);
  });
  after(async () => h.close());

  it('records pause, resume, trigger and retry from the pages, the API and Bull Board, and shows them', async () => {
    expect((await operator.submit('/actions/pause')).status).to.equal(303);
    expect((await operator.send('POST', '/api/fleet/resume')).status).to.equal(200);
    const run = await operator.send('POST', '/api/runs', { types: ['users'], dryRun: true });
    const runId = run.json<{ runId: string }>().runId;
    const job = await seedFailedJob(
      h.queues.entities.users,
      'update users 5001',
      userJobData('run-x', '5001'),
      'SafetyAmp answered 422',
    );
    const retried = await operator.send(
      'PUT',
      `/board/api/queues/${h.queues.entities.users.name}/${encodeURIComponent(String(job.id))}/retry`,
    );
    expect(retried.status, retried.text).to.be.oneOf([200, 204]);
    const cleaned = await operator.send(
      'PUT',
      `/board/api/queues/${h.queues.entities.users.name}/clean/completed`,
    );
    expect(cleaned.status, cleaned.text).to.be.oneOf([200, 204]);
    // A viewer is refused before any route: nothing was done, nothing to log.
    expect((await viewer.send('POST', '/api/fleet/pause')).status).to.equal(403);

    const { actions } = (await viewer.get('/api/actions')).json<OperatorActionList>();
    expect(actions.map((a) => [a.actor, a.action, a.target, a.status])).to.deep.equal([
      ['olivia', 'clean-jobs', `${h.queues.entities.users.name}/clean/completed`, 200],
      ['olivia', 'retry-jobs', `${h.queues.entities.users.name}/${String(job.id)}/retry`, retried.status],
      ['olivia', 'trigger-run', `${runId} dry run users`, 202],
      ['olivia', 'resume-fleet', '', 200],
      ['olivia', 'pause-fleet', '', 200],
    ]);
    for (const a of actions) expect(Date.parse(a.at)).to.be.closeTo(Date.now(), 60_000);

    const page = await viewer.page('/');
    expect(page.text).to.contain('Operator actions');
    expect(page.text).to.match(
      /<td>olivia <span class="muted">operator<\/span><\/td>\s*<td>clean-jobs<\/td>/,
    );
  });

  it('keeps the action log and the audit trail by age, not by count', async () => {
    const log = new OperatorActionLog(h.redis, `${h.prefix}-age`, 30 * DAY_MS);
    const audit = new AuditTrail(h.redis, `${h.prefix}-age`, 30 * DAY_MS);
    const idDaysAgo = (days: number): string => `${Date.now() - days * DAY_MS}-0`;
    // Entries written 31 and 29 days ago (stream ids carry their time).
    for (const days of [31, 29]) {
      await h.redis.xadd(
        `${h.prefix}-age:operator-actions`,
        idDaysAgo(days),
        'entry',
        JSON.stringify({ days }),
      );
      await h.redis.xadd(`${h.prefix}-age:audit`, idDaysAgo(days), 'entry', JSON.stringify({ days }));
    }
    await log.record({ actor: 'olivia', role: 'operator', action: 'pause-fleet', target: '', status: 200 });
    await audit.append({
      at: new Date().toISOString(),
      runId: 'run-now',
      type: 'sites',
      key: 'J-1',
      action: 'update',
      safetyampId: 1,
      changes: {},
      jobId: 'update-sites-J-1',
    });
    const kept = await log.recent();
    expect(kept.map((a) => (a as unknown as { days?: number }).days ?? a.action)).to.deep.equal([
      'pause-fleet',
      29,
    ]);
    const auditKept = await audit.recent();
    expect(auditKept.map((e) => (e as unknown as { days?: number }).days ?? e.runId)).to.deep.equal([
      'run-now',
      29,
    ]);
    const ttl = await h.redis.pttl(`${h.prefix}-age:audit:sites:J-1`);
    expect(ttl)
      .to.be.greaterThan(29 * DAY_MS)
      .and.at.most(30 * DAY_MS);
    await h.redis.del(
      `${h.prefix}-age:operator-actions`,
      `${h.prefix}-age:audit`,
      `${h.prefix}-age:audit:sites:J-1`,
    );
  });

  it('lets an operator change every process’s log level at runtime, and records it', async () => {
    const applied: LogLevel[] = [];
    let arrived: (level: LogLevel) => void = () => undefined;
    const worker = new FleetLogLevel(h.redis, h.prefix, 'warn', (level) => {
      applied.push(level);
      arrived(level);
    });
    await worker.follow();
    try {
      const operatorPage = await operator.page('/');
      expect(operatorPage.text).to.contain('action="/actions/log-level"');
      expect((await viewer.page('/')).text).not.to.contain('action="/actions/log-level"');
      expect((await viewer.send('POST', '/api/log-level', { level: 'debug' })).status).to.equal(403);
      expect((await operator.send('POST', '/api/log-level', { level: 'loud' })).status).to.equal(400);

      let next = new Promise<LogLevel>((resolve) => (arrived = resolve));
      const set = await operator.submit('/actions/log-level', { level: 'debug' });
      expect(set.status).to.equal(303);
      expect(await next).to.equal('debug');
      expect((await viewer.get('/api/log-level')).json()).to.deep.include({ override: 'debug' });
      expect((await viewer.page('/')).text).to.contain('every process logs at <strong>debug</strong>');

      next = new Promise<LogLevel>((resolve) => (arrived = resolve));
      const reset = await operator.send('POST', '/api/log-level', { level: 'configured' });
      expect(reset.json()).to.deep.include({ override: null });
      expect(await next).to.equal('warn');
      expect(applied).to.deep.equal(['warn', 'debug', 'warn']);

      const { actions } = (await operator.get('/api/actions?limit=3')).json<OperatorActionList>();
      expect(actions.map((a) => [a.actor, a.action, a.target, a.status])).to.deep.equal([
        ['olivia', 'set-log-level', 'configured', 200],
        ['olivia', 'set-log-level', 'debug', 200],
        ['olivia', 'set-log-level', 'loud', 400],
      ]);
    } finally {
      await worker.close();
    }
  });
});
