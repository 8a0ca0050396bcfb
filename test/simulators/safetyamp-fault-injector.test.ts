import { expect } from 'chai';
import { FaultInjector } from '../../apps/simulators/safetyamp/faults/injector.js';

describe('SafetyAmp simulator: fault injector', () => {
  it('no latency by default; a fixed latency is that value every time', () => {
    expect(new FaultInjector().latencyMs()).to.equal(0);
    const fixed = new FaultInjector({ latencyMs: 120 });
    expect([fixed.latencyMs(), fixed.latencyMs()]).to.deep.equal([120, 120]);
  });

  it('a latency range draws different values inside it, the same ones for the same seed', () => {
    const draw = (seed: number) => {
      const injector = new FaultInjector({ latencyMs: { min: 100, max: 800 } }, seed);
      return Array.from({ length: 50 }, () => injector.latencyMs());
    };
    const values = draw(7);
    expect(values.every((v) => v >= 100 && v <= 800)).to.equal(true);
    expect(new Set(values.map(Math.round)).size).to.be.greaterThan(30);
    expect(Math.min(...values)).to.be.lessThan(250);
    expect(Math.max(...values)).to.be.greaterThan(650);
    expect(draw(7)).to.deep.equal(values);
    expect(draw(8)).not.to.deep.equal(values);
  });

  it('switching a new fault on does not move where the 5xx-before-write errors strike', () => {
    const strikes = (injector: FaultInjector) =>
      Array.from({ length: 40 }, () => {
        injector.latencyMs();
        injector.htmlError();
        injector.truncatesBody();
        return injector.serverError();
      });
    const alone = strikes(new FaultInjector({ errorRate: 0.5 }, 3));
    const together = strikes(
      new FaultInjector(
        { errorRate: 0.5, latencyMs: { min: 0, max: 9 }, htmlErrorRate: 0.5, truncatedBodyRate: 0.5 },
        3,
      ),
    );
    expect(together).to.deep.equal(alone);
    expect(alone.some((s) => s === null)).to.equal(true);
    expect(alone.some((s) => s !== null)).to.equal(true);
  });

  it('every unkind switch is off until set, and null switches one off again', () => {
    const injector = new FaultInjector();
    expect(injector.lenient()).to.equal(false);
    expect(Object.values(injector.listingLies()).filter(Boolean)).to.deep.equal([]);
    expect(Object.values(injector.recordLies()).filter(Boolean)).to.deep.equal([]);
    expect([injector.appliedThenError(), injector.htmlError(), injector.slowAnswerMs()]).to.deep.equal([
      null,
      null,
      0,
    ]);
    injector.set({ lenient: true, ignoreFilters: true, slowAnswers: { rate: 1, delayMs: 5 } });
    expect(injector.lenient()).to.equal(true);
    expect(injector.listingLies().ignoreFilters).to.equal(true);
    expect(injector.slowAnswerMs()).to.equal(5);
    injector.set({ lenient: null, ignoreFilters: false, slowAnswers: null });
    expect(injector.current()).to.deep.equal({ ignoreFilters: false });
    expect(injector.lenient()).to.equal(false);
  });
});
