import { expect } from 'chai';
import { expectSyncedApartFromInvalid } from '../support/fleet-assertions.js';
import { ChaosFleet, until } from './chaos-fleet.js';
import { describeFull } from './chaos-results.js';
import { expectDesiredState } from './desired-state.js';

describeFull('chaos: a SafetyAmp answering badly in every way at once', function () {
  this.timeout(600_000);

  it('30% 5xx, a burst of 429 with Retry-After, HTML pages, cut bodies, answers past the timeout: converges', async () => {
    const fleet = await ChaosFleet.start({
      faults: {
        lenient: true,
        errorRate: 0.3,
        htmlErrorRate: 0.05,
        truncatedBodyRate: 0.05,
        slowAnswers: { rate: 0.03, delayMs: 4_000 },
      },
      // Slow answers come after the client has given up (and the write has landed).
      env: { SAFETYAMP_TIMEOUT_MS: '2500' },
    });
    try {
      const run = fleet.sync();
      await until(() => fleet.posts('users').length >= 5, 'the first user creates');
      fleet.h.safetyamp.setFaults({ forced429: { count: 15, retryAfterSeconds: 2 } });
      const { summary } = await run;
      const calls = fleet.h.safetyamp.calls();
      const struck = (fault: string): number => calls.filter((c) => c.faults?.includes(fault)).length;
      const status = (code: number): number => calls.filter((c) => c.status === code).length;
      const serverErrors = calls.filter((c) => c.status >= 500).length;
      const proof = {
        '5xx': serverErrors,
        '429': status(429),
        html: struck('html-error'),
        truncated: struck('truncated-body'),
        slow: struck('slow-answer'),
      };
      for (const [fault, count] of Object.entries(proof)) expect(count, fault).to.be.greaterThan(0);
      expectSyncedApartFromInvalid(summary);

      await expectDesiredState(fleet, {
        scenario:
          '5. SafetyAmp 30% 5xx, 429 burst (Retry-After 2 s), 5% HTML pages, 5% cut bodies, 3% answers past the timeout (lenient)',
        runs: [summary],
        proof:
          `the simulator answered ${proof['5xx']} × 5xx, ${proof['429']} × 429, ${proof.html} HTML error pages, ` +
          `${proof.truncated} truncated bodies and ${proof.slow} answers 4 s late (client timeout 2.5 s); the run ` +
          `ended ${summary.status}.`,
      });
    } finally {
      await fleet.stop();
    }
  });
});
