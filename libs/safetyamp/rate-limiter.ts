import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { RateLimit } from './rate-limit.js';

const lua = (name: string): string => readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), 'utf8');
const TAKE_SLOT = lua('take-slot');
const PAUSE_FLEET = lua('pause-fleet');
const BUDGET_USAGE = lua('budget-usage');

interface LimiterCommands {
  safetyampTakeSlot(
    log: string,
    pause: string,
    max: number,
    windowMs: number,
    marginMs: number,
    member: string,
  ): Promise<[number, number]>;
  safetyampPauseFleet(pause: string, pauseMs: number): Promise<[number, number]>;
  safetyampBudgetUsage(log: string, pause: string, spanMs: number): Promise<[number, number]>;
}

export interface RedisRateLimiterOptions extends RateLimit {
  /** A connection of the caller's; the limiter defines its scripts on it and never closes it. */
  connection: Redis;
  /** Whose budget: one per SafetyAmp tenant (token), e.g. the Fqdn. Every process of the fleet uses the same. */
  tenant: string;
  /** Redis key prefix. Default `safetyamp`. Keys: `${prefix}:ratelimit:${tenant}` and `…:paused-until`. */
  prefix?: string;
  /**
   * Added to the window so that the jitter between taking a slot and the call reaching SafetyAmp never makes
   * two calls `max` apart look closer than the window to the server. Default: 1% of the window, at least 20 ms.
   */
  marginMs?: number;
}

export interface RateBudgetUsage {
  /** Slots taken in the current window (window plus margin). */
  used: number;
  max: number;
  windowMs: number;
  /** Remaining fleet pause after a 429, 0 when none. */
  pausedForMs: number;
}

/** A slot taken: how long the caller waited for it, and when it was taken (epoch ms on Redis's clock). */
export interface SlotGrant {
  waitedMs: number;
  slotAt: number;
}

/** A fleet pause in force: set at `setAt` (epoch ms, Redis clock), `pausedForMs` left from then. */
export interface FleetPause {
  setAt: number;
  pausedForMs: number;
}

/**
 * The fleet-wide SafetyAmp call budget: a strict sliding-window log in Redis, shared by every process that
 * uses the same Redis, prefix and tenant. In every window of `windowMs` (plus the margin) at most `max` slots
 * are handed out, each one for exactly one HTTP call. Taking a slot is one atomic Lua script on Redis's clock.
 */
export class RedisRateLimiter {
  readonly tenant: string;
  readonly max: number;
  readonly windowMs: number;
  readonly marginMs: number;
  private readonly redis: Redis & LimiterCommands;
  private readonly logKey: string;
  private readonly pauseKey: string;
  private readonly memberPrefix = randomUUID();
  private taken = 0;

  constructor(options: RedisRateLimiterOptions) {
    if (!Number.isInteger(options.max) || options.max < 1)
      throw new Error('RedisRateLimiter: max must be ≥ 1');
    if (!(options.windowMs > 0)) throw new Error('RedisRateLimiter: windowMs must be > 0');
    this.tenant = options.tenant;
    this.max = options.max;
    this.windowMs = options.windowMs;
    this.marginMs = options.marginMs ?? Math.max(20, Math.ceil(options.windowMs / 100));
    const base = `${options.prefix ?? 'safetyamp'}:ratelimit:${options.tenant}`;
    this.logKey = base;
    this.pauseKey = `${base}:paused-until`;
    const redis = options.connection as Redis & Partial<LimiterCommands>;
    if (!redis.safetyampTakeSlot) {
      redis.defineCommand('safetyampTakeSlot', { lua: TAKE_SLOT, numberOfKeys: 2 });
      redis.defineCommand('safetyampPauseFleet', { lua: PAUSE_FLEET, numberOfKeys: 1 });
      redis.defineCommand('safetyampBudgetUsage', { lua: BUDGET_USAGE, numberOfKeys: 2 });
    }
    this.redis = redis as Redis & LimiterCommands;
  }

  /**
   * Takes one slot for one HTTP call, waiting as long as the budget (or a fleet pause) requires: Redis says
   * exactly how long, the limiter sleeps that long and asks again. Resolves with the time spent waiting.
   */
  async acquire(signal?: AbortSignal): Promise<SlotGrant> {
    const started = performance.now();
    const member = `${this.memberPrefix}:${++this.taken}`;
    for (;;) {
      const [waitMs, now] = await this.redis.safetyampTakeSlot(
        this.logKey,
        this.pauseKey,
        this.max,
        this.windowMs,
        this.marginMs,
        member,
      );
      if (waitMs === 0) return { waitedMs: performance.now() - started, slotAt: now };
      await sleep(waitMs, undefined, { signal });
    }
  }

  /**
   * Stops the whole fleet from taking slots for `ms` (plus the margin), measured on Redis's clock from now.
   * A shorter pause never cuts a longer one. Called on a 429 with its `Retry-After`.
   */
  async pauseFor(ms: number): Promise<FleetPause> {
    const [pausedForMs, setAt] = await this.redis.safetyampPauseFleet(
      this.pauseKey,
      Math.max(0, ms) + this.marginMs,
    );
    return { setAt, pausedForMs };
  }

  /** `pauseFor` with a deadline of this process's clock (epoch ms); the pause itself is kept on Redis's clock. */
  pauseUntil(epochMs: number): Promise<FleetPause> {
    return this.pauseFor(epochMs - Date.now());
  }

  /** The budget in use right now, for metrics and the HPA signal. Takes no slot. */
  async usage(): Promise<RateBudgetUsage> {
    const [used, pausedForMs] = await this.redis.safetyampBudgetUsage(
      this.logKey,
      this.pauseKey,
      this.windowMs + this.marginMs,
    );
    return { used, max: this.max, windowMs: this.windowMs, pausedForMs };
  }
}
