/** A request budget: at most `max` requests in any window of `windowMs` milliseconds. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/** What the limiter decided for one request. */
export interface RateVerdict {
  allowed: boolean;
  /** Requests still allowed in the current window after this one. */
  remaining: number;
  /** When refused: milliseconds until a request would be allowed again (if nothing else arrives). */
  retryAfterMs: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** Parses `N/W<unit>`: "60/61s", "20/2s", "20/2000ms", "100/1m" (a bare window is in seconds). */
export function parseRateLimit(text: string): RateLimit {
  const match = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text);
  if (!match) throw new Error(`invalid rate limit "${text}": expected N/W with W in ms, s or m, e.g. 60/61s`);
  const max = Number(match[1]);
  const windowMs = Math.round(Number(match[2]) * (UNIT_MS[match[3] ?? 's'] as number));
  if (max < 1 || windowMs < 1) throw new Error(`invalid rate limit "${text}": both numbers must be positive`);
  return { max, windowMs };
}

/** Arrival times of one key's requests still inside the window, oldest first (a queue with a moving head). */
class ArrivalLog {
  private times: number[] = [];
  private head = 0;

  get length(): number {
    return this.times.length - this.head;
  }

  at(index: number): number {
    return this.times[this.head + index] as number;
  }

  push(time: number): void {
    this.times.push(time);
  }

  dropUpTo(time: number): void {
    while (this.head < this.times.length && (this.times[this.head] as number) <= time) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * A strict sliding-window log per key (the token). Every request is logged at arrival, refused ones too, as
 * SafetyAmp counts a 429 against the window: a client that keeps knocking keeps itself locked out.
 */
export class SlidingWindowRateLimiter {
  private readonly logs = new Map<string, ArrivalLog>();

  constructor(readonly limit: RateLimit) {}

  hit(key: string, now: number): RateVerdict {
    let log = this.logs.get(key);
    if (!log) this.logs.set(key, (log = new ArrivalLog()));
    log.dropUpTo(now - this.limit.windowMs);
    log.push(now);
    const count = log.length;
    if (count <= this.limit.max) return { allowed: true, remaining: this.limit.max - count, retryAfterMs: 0 };
    // A request is allowed again once only max-1 arrivals remain in the window: when arrival count-max leaves it.
    const retryAfterMs = log.at(count - this.limit.max) + this.limit.windowMs - now;
    return { allowed: false, remaining: 0, retryAfterMs: Math.max(0, retryAfterMs) };
  }

  reset(): void {
    this.logs.clear();
  }
}
