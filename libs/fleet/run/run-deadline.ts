import { drainSeconds, type RateLimit } from '../../safetyamp/rate-limit.js';

/** The least time a run is given when no maximum is configured: enough for a few retries' backoff. */
const MIN_DEFAULT_MS = 15 * 60_000;

/**
 * When a run stops waiting for its jobs. With a configured maximum (RUN_MAX_DURATION, `--max-duration`), that long
 * after the run started. Without one, twice the time its calls take at the full budget, at least 15 minutes, after
 * its jobs were enqueued: a run never holds the runs queue forever (a fleet with no live worker, a stuck job).
 */
export function runDeadline(options: {
  startedAt: Date;
  enqueuedAt: Date;
  calls: number;
  budget: RateLimit;
  maxDurationMs?: number;
}): Date {
  if (options.maxDurationMs !== undefined)
    return new Date(options.startedAt.getTime() + options.maxDurationMs);
  const headroomMs = Math.max(MIN_DEFAULT_MS, 2 * drainSeconds(options.calls, options.budget) * 1000);
  return new Date(options.enqueuedAt.getTime() + headroomMs);
}
