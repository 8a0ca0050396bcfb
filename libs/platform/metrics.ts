import { Registry, collectDefaultMetrics } from 'prom-client';

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
