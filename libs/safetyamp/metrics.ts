import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry, singletonMetric } from '../platform/metrics.js';
import type { RedisRateLimiter } from './rate-limiter.js';

/*
 * SafetyAmp API metrics. Labels carry the endpoint template (`/api/users/:id`, never an id), the method, the
 * status and the tenant (the Fqdn): no personal data.
 */

export const requestsTotal = singletonMetric(
  'safetyamp_api_requests_total',
  () =>
    new Counter({
      name: 'safetyamp_api_requests_total',
      help: 'SafetyAmp HTTP calls by endpoint template, method and status (network/timeout when no answer)',
      labelNames: ['endpoint', 'method', 'status'] as const,
      registers: [metricsRegistry],
    }),
);

export const requestDuration = singletonMetric(
  'safetyamp_api_request_duration_seconds',
  () =>
    new Histogram({
      name: 'safetyamp_api_request_duration_seconds',
      help: 'SafetyAmp HTTP call latency, from sending to the parsed answer (limiter wait excluded)',
      labelNames: ['endpoint', 'method'] as const,
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [metricsRegistry],
    }),
);

export const rateLimiterWait = singletonMetric(
  'safetyamp_api_rate_limiter_wait_seconds',
  () =>
    new Histogram({
      name: 'safetyamp_api_rate_limiter_wait_seconds',
      help: 'Time a SafetyAmp call waited for a slot of the fleet-wide rate budget',
      buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 61, 120],
      registers: [metricsRegistry],
    }),
);

export const rateLimitedTotal = singletonMetric(
  'safetyamp_api_rate_limited_total',
  () =>
    new Counter({
      name: 'safetyamp_api_rate_limited_total',
      help: 'SafetyAmp 429 answers (each one pauses the whole fleet for Retry-After)',
      labelNames: ['endpoint', 'method'] as const,
      registers: [metricsRegistry],
    }),
);

export const circuitState = singletonMetric(
  'safetyamp_api_circuit_state',
  () =>
    new Gauge({
      name: 'safetyamp_api_circuit_state',
      help: 'SafetyAmp circuit breaker: 0 closed, 1 half-open, 2 open',
      labelNames: ['tenant'] as const,
      registers: [metricsRegistry],
    }),
);

const observedLimiters = new Set<RedisRateLimiter>();

export const rateBudgetUsedRatio = singletonMetric(
  'safetyamp_api_rate_budget_used_ratio',
  () =>
    new Gauge({
      name: 'safetyamp_api_rate_budget_used_ratio',
      help: 'Share of the fleet-wide SafetyAmp rate budget used in the current window (1 = full)',
      labelNames: ['tenant'] as const,
      registers: [metricsRegistry],
      async collect() {
        await Promise.all(
          [...observedLimiters].map(async (limiter) => {
            try {
              const usage = await limiter.usage();
              this.set({ tenant: limiter.tenant }, usage.used / usage.max);
            } catch {
              // Redis away: keep the last value rather than fail the whole scrape.
            }
          }),
        );
      },
    }),
);

/** Reports a limiter's budget in `safetyamp_api_rate_budget_used_ratio` on every scrape; returns the undo. */
export function observeRateBudget(limiter: RedisRateLimiter): () => void {
  observedLimiters.add(limiter);
  return () => observedLimiters.delete(limiter);
}
