import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import {
  startSafetyAmpSimulator,
  type RunningSafetyAmpSimulator,
} from '../../../apps/simulators/safetyamp/server.js';
import { startHammers as startFleet } from '../../support/limiter-hammers.js';
import { TEST_REDIS_URL as REDIS_URL } from '../../support/redis-url.js';

describe('the rate budget across client processes (real Redis, simulator over TCP)', function () {
  this.timeout(60_000);
  let sim: RunningSafetyAmpSimulator | undefined;
  let prefix: string;

  beforeEach(() => {
    prefix = `test:fleet:${randomUUID()}`;
  });

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const fleetEnv = (rateLimit: string, durationMs: number): Record<string, string> => ({
    SA_URL: sim!.url,
    SA_TOKEN: sim!.token,
    SA_FQDN: sim!.fqdn,
    SA_RATE_LIMIT: rateLimit,
    LIMITER_PREFIX: prefix,
    HAMMER_DURATION_MS: String(durationMs),
    REDIS_URL,
  });

  it('4 processes draw no 429 from the strict server and use ≥ 90% of the budget together', async () => {
    sim = await startSafetyAmpSimulator({ rateLimit: { max: 20, windowMs: 2000 } });
    const fleet = await startFleet(4, fleetEnv('20/2s', 6000));
    fleet.go();
    const reports = await fleet.reports;

    const stats = sim.stats();
    expect(stats.rateLimited, JSON.stringify(stats)).to.equal(0);
    const budget = 20 * (6000 / 2000);
    expect(stats.byStatus['200'] ?? 0).to.be.at.least(0.9 * budget);
    expect(reports.map((r) => r.ok).reduce((a, b) => a + b)).to.equal(stats.byStatus['200']);
    for (const report of reports) {
      expect(report.failures, `hammer ${report.id}`).to.deep.equal({});
      expect(report.ok, `hammer ${report.id} got its share`).to.be.greaterThan(0);
    }
  });

  it('after a 429 every process waits out Retry-After: nothing arrives that took its slot after the pause', async () => {
    sim = await startSafetyAmpSimulator({ rateLimit: { max: 100, windowMs: 1000 } });
    const fleet = await startFleet(4, fleetEnv('100/1s', 4000));
    fleet.go();
    while (sim.calls().length < 30) await new Promise((resolve) => setTimeout(resolve, 10));
    sim.setFaults({ forced429: { count: 1, retryAfterSeconds: 1 } });
    const reports = await fleet.reports;

    const calls = sim.calls();
    const refused = calls.filter((c) => c.status === 429);
    expect(refused, 'only the forced 429, no budget overrun').to.have.length(1);
    const first429 = refused[0]!;
    const pauses = reports.flatMap((r) => r.pauses);
    expect(pauses, 'the process that got the 429 paused the fleet').to.have.length(1);
    const pause = pauses[0]!;
    expect(pause.pausedForMs).to.be.at.least(1000);

    const slots = Object.assign({}, ...reports.map((r) => r.slots)) as Record<string, number>;
    const retryAfterEnds = first429.at + 1000;
    const duringRetryAfter = calls.filter(
      (c) => c !== first429 && c.at >= first429.at && c.at < retryAfterEnds,
    );
    for (const call of duringRetryAfter) {
      const slotAt = slots[call.query.emp_id ?? ''];
      expect(slotAt, `slot of ${call.query.emp_id}`).to.be.a('number');
      // Only calls already under way when the pause was set may arrive; none may start after it.
      expect(slotAt, `${call.query.emp_id} arrived during Retry-After`).to.be.at.most(pause.setAt);
    }
    expect(calls.filter((c) => c.at >= retryAfterEnds).length, 'the fleet resumed').to.be.greaterThan(0);
    expect(reports.every((r) => r.ok > 0)).to.equal(true);
  });
});
