import { z } from 'zod';

/** Failures the simulator injects into `/api` traffic, switchable at runtime (`POST /__sim/faults`). */
export interface SafetyAmpFaults {
  /** Share (0..1) of requests answered 500, 502 or 503 before anything else is done. */
  errorRate?: number;
  /** Delay added to every answer, in milliseconds. */
  latencyMs?: number;
  /** Share (0..1) of successful writes that are applied and then answered by destroying the connection. */
  dropAfterWriteRate?: number;
  /** The next `count` requests are answered 429 with `Retry-After: retryAfterSeconds`. */
  forced429?: { count: number; retryAfterSeconds: number };
}

const share = z.number().min(0).max(1);

/** The body of `POST /__sim/faults`: the fields given replace the current ones; null (or 0) switches one off. */
export const faultsPatchSchema = z
  .object({
    errorRate: share.nullable(),
    latencyMs: z.number().min(0).nullable(),
    dropAfterWriteRate: share.nullable(),
    forced429: z
      .object({ count: z.number().int().min(0), retryAfterSeconds: z.number().int().min(0) })
      .nullable(),
  })
  .partial()
  .strict();

export type SafetyAmpFaultsPatch = z.infer<typeof faultsPatchSchema>;

/** mulberry32: a small seeded generator, so that a seeded run injects the same faults on the same requests. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVER_ERRORS = [500, 502, 503] as const;

/** Decides, request by request, which fault (if any) strikes. */
export class FaultInjector {
  private faults: SafetyAmpFaults = {};
  private random: () => number = seededRandom(1);

  constructor(initial: SafetyAmpFaults = {}, randomSeed = 1) {
    this.reset(initial, randomSeed);
  }

  reset(initial: SafetyAmpFaults, randomSeed: number): void {
    this.faults = structuredClone(initial);
    this.random = seededRandom(randomSeed);
  }

  current(): SafetyAmpFaults {
    return structuredClone(this.faults);
  }

  /** Merges a change: fields given replace the current ones, null removes one. */
  set(change: SafetyAmpFaults | SafetyAmpFaultsPatch): void {
    const next: Record<string, unknown> = { ...this.faults };
    for (const [key, value] of Object.entries(change)) {
      if (value === null || value === undefined) delete next[key];
      else next[key] = structuredClone(value);
    }
    this.faults = faultsPatchSchema.parse(next) as SafetyAmpFaults;
  }

  latencyMs(): number {
    return this.faults.latencyMs ?? 0;
  }

  /** Retry-After seconds when this request must be refused by a forced 429, else null. */
  takeForced429(): number | null {
    const forced = this.faults.forced429;
    if (!forced || forced.count <= 0) return null;
    forced.count -= 1;
    if (forced.count === 0) delete this.faults.forced429;
    return forced.retryAfterSeconds;
  }

  /** The 5xx status this request gets, or null. */
  serverError(): (typeof SERVER_ERRORS)[number] | null {
    if (!this.strikes(this.faults.errorRate)) return null;
    return SERVER_ERRORS[Math.floor(this.random() * SERVER_ERRORS.length)] ?? 500;
  }

  /** Whether the answer to this applied write is lost. */
  dropAfterWrite(): boolean {
    return this.strikes(this.faults.dropAfterWriteRate);
  }

  private strikes(rate: number | undefined): boolean {
    if (!rate || rate <= 0) return false;
    return this.random() < rate;
  }
}
