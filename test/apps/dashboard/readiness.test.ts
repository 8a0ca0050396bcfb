import { expect } from 'chai';
import type { ReadinessReport } from '../../../libs/fleet/readiness.js';
import { SourceHealth } from '../../../libs/state/source-health.js';
import { startDashboard, type DashboardHarness } from '../../support/dashboard-harness.js';

/**
 * The dashboard's /ready tells the fleet's health without a SafetyAmp client or a source connection of its own: the
 * workers' breakers from their heartbeats, each source's last read from what the producer recorded in Redis.
 */
describe('dashboard /ready: the fleet seen through Redis', function () {
  let h: DashboardHarness;

  before(async () => {
    h = await startDashboard();
  });
  after(async () => {
    await h?.close();
  });

  const ready = async () => {
    const res = await h.anonymous().get('/ready');
    return { status: res.status, body: res.json<ReadinessReport>() };
  };
  const beat = (workerId: string, breaker: 'closed' | 'halfOpen' | 'open') =>
    h.workers.beat({
      workerId,
      host: 'test',
      queues: ['sync-users'],
      concurrency: 1,
      breaker,
      startedAt: new Date().toISOString(),
      seenAt: new Date().toISOString(),
    });

  it('with no worker alive the breaker is unknown and the dashboard is ready', async () => {
    const { status, body } = await ready();
    expect(status).to.equal(200);
    expect(body.status).to.equal('ready');
    expect(body.checks.safetyamp).to.deep.equal({ status: 'unknown' });
    expect(body.checks.redis).to.deep.equal({ status: 'ok' });
  });

  it('tells the worst breaker of the live workers: one open among closed ones is degraded, still 200', async () => {
    await beat('worker-a', 'closed');
    expect((await ready()).body.checks.safetyamp).to.deep.equal({ status: 'ok', breaker: 'closed' });
    await beat('worker-b', 'open');
    const { status, body } = await ready();
    expect(status).to.equal(200);
    expect(body.status).to.equal('degraded');
    expect(body.checks.safetyamp).to.deep.equal({ status: 'degraded', breaker: 'open' });
    await h.workers.remove('worker-b');
    await h.workers.remove('worker-a');
  });

  it("tells each source's last read as the producer recorded it: Samsara down is degraded, still 200", async () => {
    const health = new SourceHealth(h.redis, h.prefix);
    await health.record('vista', { ok: true, at: new Date(), rows: 120 });
    await health.record('samsara', { ok: false, at: new Date(), rows: 0, error: 'TypeError: fetch failed' });
    const { status, body } = await ready();
    expect(status).to.equal(200);
    expect(body.status).to.equal('degraded');
    expect(body.checks.sources.vista?.status).to.equal('ok');
    expect(body.checks.sources.graph?.status).to.equal('unknown');
    expect(body.checks.sources.samsara).to.include({ status: 'down', error: 'TypeError: fetch failed' });
  });
});
