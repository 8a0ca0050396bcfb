import type { RateLimit } from '../../../libs/safetyamp/rate-limit.js';

export type { RateLimit };

/** What the limiter decided for one request. */
export interface RateVerdict {
  allowed: boolean;
  /** Requests still allowed in the current window after this one. */
  remaining: number;
  /** When refused: milliseconds until a request would be allowed again (if nothing else arrives). */
  retryAfterMs: number;
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
