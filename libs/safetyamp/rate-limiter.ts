import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { luaScript } from '../platform/lua-script.js';
import type { RateLimit } from './rate-limit.js';
import { WaitingLine } from './waiting-line.js';
import type { RedisClient } from '../platform/redis-client.js';

const TAKE_SLOT = luaScript(import.meta.url, 'take-slot');
const MARK_ANSWERED = luaScript(import.meta.url, 'mark-answered');
const PAUSE_FLEET = luaScript(import.meta.url, 'pause-fleet');
const BUDGET_USAGE = luaScript(import.meta.url, 'budget-usage');

interface LimiterCommands {
  safetyampTakeSlot(
    log: string,
    pause: string,
    max: number,
    windowMs: number,
    marginMs: number,
    member: string,
    holdMs: number,
    pollMs: number,
  ): Promise<[number, number, number]>;
  safetyampMarkAnswered(log: string, member: string): Promise<number>;
  safetyampPauseFleet(pause: string, pauses: string, pauseMs: number): Promise<[number, number]>;
  safetyampBudgetUsage(
    log: string,
    pause: string,
    pauses: string,
    spanMs: number,
  ): Promise<[number, number, number]>;
}

export interface RedisRateLimiterOptions extends RateLimit {
  /** A connection of the caller's; the limiter defines its scripts on it and never closes it. */
  connection: RedisClient;
  /** Whose budget: one per SafetyAmp tenant (token), e.g. the Fqdn. Every process of the fleet uses the same. */
  tenant: string;
  /** Redis key prefix. Default `safetyamp`. Keys: `${prefix}:ratelimit:${tenant}`, `…:paused-until`, `…:pauses`. */
  prefix?: string;
  /**
   * Added to the window, for what the answer-keyed log cannot see: the server's rounding of its window and
   * clock drift. Default: 1% of the window, at least 5 ms.
   */
  marginMs?: number;
  /**
   * How long a call may be in flight at most (its timeout and some slack). A slot whose answer is never
   * reported (`answered`) counts as answered this long after it was taken. Default 60 s.
   */
  holdMs?: number;
}

export interface RateBudgetUsage {
  /** Slots counted in the current window (window plus margin), calls in flight included. */
  used: number;
  max: number;
  windowMs: number;
  /** Remaining fleet pause after a 429, 0 when none. */
  pausedForMs: number;
  /** Fleet pauses since the tenant's budget was first used: one per 429 SafetyAmp answered, in any process. */
  pausesTotal: number;
}

/** A slot taken for one call: how long the caller waited, when it was taken (epoch ms, Redis clock), its id. */
export interface SlotGrant {
  waitedMs: number;
  slotAt: number;
  id: string;
}

/** A fleet pause in force: set at `setAt` (epoch ms, Redis clock), `pausedForMs` left from then. */
export interface FleetPause {
  setAt: number;
  pausedForMs: number;
}

/**
 * The fleet-wide SafetyAmp call budget: a strict sliding-window log in Redis, shared by every process that
 * uses the same Redis, prefix and tenant, on Redis's clock. Each HTTP call takes one slot (`acquire`) and
 * reports its answer (`answered`). A call's entry counts from the moment it is answered (while in flight it
 * counts as recent), and SafetyAmp counts it when it arrives, which is earlier: so in every window of the
 * server, whatever the latency and jitter, at most `max` calls arrive. Slot times also keep the strict window.
 */
export class RedisRateLimiter {
  readonly tenant: string;
  readonly max: number;
  readonly windowMs: number;
  readonly marginMs: number;
  readonly holdMs: number;
  private readonly pollMs: number;
  private readonly redis: RedisClient & LimiterCommands;
  private readonly logKey: string;
  private readonly pauseKey: string;
  private readonly pausesKey: string;
  private readonly memberPrefix = randomUUID();
  private taken = 0;
  private readonly line = new WaitingLine();

  constructor(options: RedisRateLimiterOptions) {
    if (!Number.isInteger(options.max) || options.max < 1)
      throw new Error('RedisRateLimiter: max must be ≥ 1');
    if (!(options.windowMs > 0)) throw new Error('RedisRateLimiter: windowMs must be > 0');
    this.tenant = options.tenant;
    this.max = options.max;
    this.windowMs = options.windowMs;
    this.marginMs = options.marginMs ?? Math.max(5, Math.ceil(options.windowMs / 100));
    this.holdMs = options.holdMs ?? 60_000;
    this.pollMs = Math.min(1000, Math.max(5, Math.ceil(options.windowMs / 50)));
    const base = `${options.prefix ?? 'safetyamp'}:ratelimit:${options.tenant}`;
    this.logKey = base;
    this.pauseKey = `${base}:paused-until`;
    this.pausesKey = `${base}:pauses`;
    const redis = options.connection as RedisClient & Partial<LimiterCommands>;
    if (!redis.safetyampTakeSlot) {
      redis.defineCommand('safetyampTakeSlot', { lua: TAKE_SLOT, numberOfKeys: 2 });
      redis.defineCommand('safetyampMarkAnswered', { lua: MARK_ANSWERED, numberOfKeys: 1 });
      redis.defineCommand('safetyampPauseFleet', { lua: PAUSE_FLEET, numberOfKeys: 2 });
      redis.defineCommand('safetyampBudgetUsage', { lua: BUDGET_USAGE, numberOfKeys: 3 });
    }
    this.redis = redis as RedisClient & LimiterCommands;
  }

  /**
   * Takes one slot for one HTTP call, waiting as long as the budget (or a fleet pause) requires: Redis says
   * how long, the limiter sleeps that long and asks again. Report the call's answer with `answered`: until
   * then the slot counts as in flight for `holdMs` (the limiter's, unless given). An aborted `signal` rejects
   * with its reason.
   */
  async acquire(options: { signal?: AbortSignal; holdMs?: number } = {}): Promise<SlotGrant> {
    const started = performance.now();
    const id = `${this.memberPrefix}:${++this.taken}`;
    let head = false;
    let slotsFree = 0;
    try {
      for (;;) {
        if (!head) head = await this.line.turn(options.signal);
        const [waitMs, now, free] = await this.redis.safetyampTakeSlot(
          this.logKey,
          this.pauseKey,
          this.max,
          this.windowMs,
          this.marginMs,
          id,
          options.holdMs ?? this.holdMs,
          this.pollMs,
        );
        slotsFree = free;
        if (waitMs === 0) return { waitedMs: performance.now() - started, slotAt: now, id };
        if (!head && !(head = this.line.becomeHead())) continue;
        await sleep(waitMs, undefined, { signal: options.signal }).catch((error: unknown) => {
          throw options.signal?.aborted ? options.signal.reason : error;
        });
      }
    } finally {
      if (head) this.line.headDone(slotsFree > 0);
    }
  }

  /** Reports that the call of this slot got an answer (any status): its window starts now. */
  async answered(grant: SlotGrant): Promise<void> {
    await this.redis.safetyampMarkAnswered(this.logKey, grant.id);
  }

  /**
   * Stops the whole fleet from taking slots for `ms` (plus the margin), measured on Redis's clock from now.
   * A shorter pause never cuts a longer one. Called on a 429 with its `Retry-After`.
   */
  async pauseFor(ms: number): Promise<FleetPause> {
    const [pausedForMs, setAt] = await this.redis.safetyampPauseFleet(
      this.pauseKey,
      this.pausesKey,
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
    const [used, pausedForMs, pausesTotal] = await this.redis.safetyampBudgetUsage(
      this.logKey,
      this.pauseKey,
      this.pausesKey,
      this.windowMs + this.marginMs,
    );
    return { used, max: this.max, windowMs: this.windowMs, pausedForMs, pausesTotal };
  }
}
