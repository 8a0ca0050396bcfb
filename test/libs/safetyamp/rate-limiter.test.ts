import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { RedisRateLimiter, parseRateLimit, type SlotGrant } from '../../../libs/safetyamp/index.js';

import { TEST_REDIS_URL as REDIS_URL } from '../../support/redis-url.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('parseRateLimit', () => {
  it('reads calls per window in s, ms and m', () => {
    expect(parseRateLimit('60/61s')).to.deep.equal({ max: 60, windowMs: 61_000 });
    expect(parseRateLimit('20/2s')).to.deep.equal({ max: 20, windowMs: 2000 });
    expect(parseRateLimit('500/1000ms')).to.deep.equal({ max: 500, windowMs: 1000 });
    expect(parseRateLimit(' 100 / 1m ')).to.deep.equal({ max: 100, windowMs: 60_000 });
    expect(parseRateLimit('10/1.5')).to.deep.equal({ max: 10, windowMs: 1500 });
  });

  it('refuses what is not a rate limit, naming the text', () => {
    for (const text of ['', '60', '60/', '/61s', '0/61s', '60/0s', '60/61h', 'sixty/61s', '-1/2s']) {
      expect(() => parseRateLimit(text), text).to.throw(`"${text}"`);
    }
  });
});

describe('RedisRateLimiter (real Redis)', () => {
  const connections: Redis[] = [];
  let prefix: string;

  const limiter = (options: {
    tenant?: string;
    max: number;
    windowMs: number;
    marginMs?: number;
    holdMs?: number;
  }) => {
    const connection = new Redis(REDIS_URL);
    connections.push(connection);
    return new RedisRateLimiter({ connection, prefix, tenant: 'acme.safetyamp.com', ...options });
  };

  beforeEach(() => {
    prefix = `test:limiter:${randomUUID()}`;
  });

  afterEach(async () => {
    const [first] = connections;
    if (first) {
      const keys = await first.keys(`${prefix}:*`);
      if (keys.length) await first.del(...keys);
    }
    await Promise.all(connections.splice(0).map((c) => c.quit()));
  });

  /** A call that is answered at once. */
  const call = async (l: RedisRateLimiter): Promise<SlotGrant> => {
    const grant = await l.acquire();
    await l.answered(grant);
    return grant;
  };

  it('defaults the margin to 1% of the window, at least 5 ms', () => {
    expect(limiter({ max: 60, windowMs: 61_000 }).marginMs).to.equal(610);
    expect(limiter({ max: 20, windowMs: 2000 }).marginMs).to.equal(20);
    expect(limiter({ max: 20, windowMs: 200 }).marginMs).to.equal(5);
    expect(limiter({ max: 20, windowMs: 2000, marginMs: 1 }).marginMs).to.equal(1);
  });

  it('hands out exactly max slots per window, across instances on separate connections', async () => {
    const a = limiter({ max: 5, windowMs: 60_000 });
    const b = limiter({ max: 5, windowMs: 60_000 });
    await Promise.all([call(a), call(b), call(a), call(b), call(a)]);
    expect(await b.usage()).to.deep.include({ used: 5, max: 5, windowMs: 60_000, pausedForMs: 0 });
    // The window is full for a minute: a sixth slot cannot come before the caller gives up.
    const sixth = await rejection(b.acquire({ signal: AbortSignal.timeout(300) }));
    expect(sixth).to.have.property('name', 'TimeoutError');
    expect((await a.usage()).used).to.equal(5);
  });

  it('keeps every sliding window at max slots, on Redis time, with three instances competing', async () => {
    const options = { max: 5, windowMs: 200, marginMs: 20 };
    const instances = [limiter(options), limiter(options), limiter(options)];
    const grants = await Promise.all(
      Array.from({ length: 30 }, (_, i) => call(instances[i % 3] as RedisRateLimiter)),
    );
    const slots = grants.map((g) => g.slotAt).sort((x, y) => x - y);
    // Slot i and slot i+max may never share a window (slot times are whole ms, floored).
    for (let i = 0; i + options.max < slots.length; i++) {
      const gap = (slots[i + options.max] as number) - (slots[i] as number);
      expect(gap, `slots ${i} and ${i + options.max}`).to.be.at.least(
        options.windowMs + options.marginMs - 1,
      );
    }
    expect(grants.filter((g) => g.waitedMs > 0).length).to.be.at.least(25);
  });

  it('a call in flight holds its slot until answered; its window starts at the answer', async () => {
    const a = limiter({ max: 1, windowMs: 100, marginMs: 5, holdMs: 60_000 });
    const inFlight = await a.acquire();
    // Long past the window of the slot time, the unanswered call still counts.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await rejection(a.acquire({ signal: AbortSignal.timeout(200) }))).to.have.property(
      'name',
      'TimeoutError',
    );
    const answeredAt = (await connections[0]!.time()).map(Number);
    await a.answered(inFlight);
    const next = await a.acquire();
    expect(next.slotAt).to.be.at.least(
      answeredAt[0]! * 1000 + Math.floor(answeredAt[1]! / 1000) + 100 + 5 - 1,
    );
  });

  it('a call never reported as answered frees its slot after the hold time', async () => {
    const a = limiter({ max: 1, windowMs: 50, marginMs: 5, holdMs: 100 });
    const lost = await a.acquire();
    const next = await a.acquire();
    expect(next.slotAt).to.be.at.least(lost.slotAt + 100 + 50 + 5 - 1);
  });

  it('callers of one process wait in line; one that gives up leaves the line without stalling the rest', async () => {
    const a = limiter({ max: 1, windowMs: 150, marginMs: 5 });
    await call(a);
    const second = call(a);
    const quitter = a.acquire({ signal: AbortSignal.timeout(50) });
    const fourth = call(a);
    expect(await rejection(quitter)).to.have.property('name', 'TimeoutError');
    const slots = [(await second).slotAt, (await fourth).slotAt];
    expect(slots[1]! - slots[0]!).to.be.at.least(150 + 5 - 1);
  });

  it('a pause stops every instance, and a shorter pause never cuts a longer one', async () => {
    const a = limiter({ max: 100, windowMs: 1000 });
    const b = limiter({ max: 100, windowMs: 1000 });
    const pause = await a.pauseFor(60_000);
    expect(pause.pausedForMs).to.equal(60_000 + a.marginMs);
    await a.pauseFor(10);
    expect((await b.usage()).pausedForMs).to.be.greaterThan(10_000);
    expect(await rejection(b.acquire({ signal: AbortSignal.timeout(300) }))).to.have.property(
      'name',
      'TimeoutError',
    );
    expect((await b.usage()).used).to.equal(0);
  });

  it('a pause ends: slots are handed out again once it has passed', async () => {
    const a = limiter({ max: 100, windowMs: 1000 });
    const pause = await a.pauseFor(50);
    const grant = await call(limiter({ max: 100, windowMs: 1000 }));
    expect(grant.slotAt).to.be.at.least(pause.setAt + 50 + a.marginMs - 1);
    expect(grant.waitedMs).to.be.greaterThan(0);
  });

  it('keeps one budget per tenant', async () => {
    const acme = limiter({ tenant: 'acme.safetyamp.com', max: 2, windowMs: 60_000 });
    const other = limiter({ tenant: 'other.safetyamp.com', max: 2, windowMs: 60_000 });
    await call(acme);
    await call(acme);
    await call(other);
    expect((await acme.usage()).used).to.equal(2);
    expect((await other.usage()).used).to.equal(1);
  });
});
