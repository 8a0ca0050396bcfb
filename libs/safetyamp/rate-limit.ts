/** A rate limit: at most `max` calls in any sliding window of `windowMs` milliseconds. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/**
 * Parses `SAFETYAMP_RATE_LIMIT` text: `"60/61s"`, `"20/2s"`, `"500/1000ms"`, `"100/1m"` (a bare number of the
 * window means seconds). Throws on anything else, naming the text.
 */
export function parseRateLimit(text: string): RateLimit {
  const match = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(text);
  const max = Number(match?.[1]);
  const windowMs = Number(match?.[2]) * (UNIT_MS[(match?.[3] ?? 's').toLowerCase()] ?? NaN);
  if (!match || !Number.isInteger(max) || max < 1 || !Number.isFinite(windowMs) || windowMs < 1) {
    throw new Error(`expected <calls>/<window> such as "60/61s" or "500/1000ms", got "${text}"`);
  }
  return { max, windowMs: Math.round(windowMs) };
}

/** Calls per second a budget allows. */
export function callsPerSecond(limit: RateLimit): number {
  return limit.max / (limit.windowMs / 1000);
}

/**
 * Seconds the fleet needs to make `calls` calls at the full budget. The budget, not the number of workers, bounds
 * the drain (this is the HPA's scaling signal). No fudge factor: the bench compares it with a measured drain.
 */
export function drainSeconds(calls: number, limit: RateLimit): number {
  return calls / callsPerSecond(limit);
}
