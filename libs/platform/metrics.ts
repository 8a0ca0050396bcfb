import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The one Prometheus registry of a process. Every lib registers its metrics here (prefix `safetyamp_`);
 * each app exposes it on /metrics. Labels never carry personal data: entity type, endpoint template, status.
 */
export const metricsRegistry = new Registry();

let defaultsCollected = false;

/** Process metrics (memory, CPU, event loop); called once by long-running apps, not by libraries. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: metricsRegistry, prefix: 'safetyamp_' });
}

/** Returns the metric already registered under `name`, or registers the one `create` builds. */
export function singletonMetric<T>(name: string, create: () => T): T {
  const existing = metricsRegistry.getSingleMetric(name);
  return (existing as T | undefined) ?? create();
}

/** `safetyamp_health_check_duration_seconds{check, outcome}`: how long /ready took to decide, by outcome. */
export function healthCheckDuration(): Histogram<'check' | 'outcome'> {
  return singletonMetric(
    'safetyamp_health_check_duration_seconds',
    () =>
      new Histogram({
        name: 'safetyamp_health_check_duration_seconds',
        help: 'How long a health check (the readiness probe) took, by check and outcome (ok, failed)',
        labelNames: ['check', 'outcome'] as const,
        buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
        registers: [metricsRegistry],
      }),
  );
}

/** Times a health check into `safetyamp_health_check_duration_seconds`. */
export async function timedHealthCheck<T extends { ok: boolean }>(
  check: string,
  run: () => Promise<T>,
): Promise<T> {
  const stop = healthCheckDuration().startTimer({ check });
  try {
    const result = await run();
    stop({ outcome: result.ok ? 'ok' : 'failed' });
    return result;
  } catch (err) {
    stop({ outcome: 'failed' });
    throw err;
  }
}

const zeroed = new Set<string>();

/** Makes a check's series exist (at 0) before its first run; once per check (zeroing again would reset it). */
export function zeroHealthCheck(check: string): void {
  if (zeroed.has(check)) return;
  zeroed.add(check);
  for (const outcome of ['ok', 'failed']) healthCheckDuration().zero({ check, outcome });
}
