import CircuitBreaker from 'opossum';
import { Gauge } from 'prom-client';
import type { Logger } from '../../platform/logger.js';
import { metricsRegistry, singletonMetric } from '../../platform/metrics.js';

/** 0 closed, 1 half-open, 2 open. */
const breakerState = (): Gauge =>
  singletonMetric(
    'safetyamp_source_breaker_state',
    () =>
      new Gauge({
        name: 'safetyamp_source_breaker_state',
        help: 'Circuit breaker of a source reader: 0 closed, 1 half-open, 2 open',
        labelNames: ['source'],
        registers: [metricsRegistry],
      }),
  );

export interface BreakerSettings {
  errorThresholdPercentage?: number;
  volumeThreshold?: number;
  resetTimeoutMs?: number;
}

/**
 * The breaker around Vista queries. It counts connection failures and timeouts, not rejected SQL
 * (`isNotAvailabilityFailure`), and publishes its state on the gauge `safetyamp_source_breaker_state{source="vista"}`.
 */
export function createVistaBreaker<TArgs extends unknown[], TResult>(
  action: (...args: TArgs) => Promise<TResult>,
  settings: BreakerSettings,
  isNotAvailabilityFailure: (err: unknown) => boolean,
  logger: Logger,
): CircuitBreaker<TArgs, TResult> {
  const breaker = new CircuitBreaker(action, {
    name: 'vista',
    timeout: false, // the driver's request timeout applies
    errorThresholdPercentage: settings.errorThresholdPercentage ?? 50,
    volumeThreshold: settings.volumeThreshold ?? 5,
    resetTimeout: settings.resetTimeoutMs ?? 30_000,
    errorFilter: isNotAvailabilityFailure,
  });
  const gauge = breakerState();
  gauge.set({ source: 'vista' }, 0);
  breaker.on('open', () => {
    gauge.set({ source: 'vista' }, 2);
    logger.warn('vista circuit breaker opened');
  });
  breaker.on('halfOpen', () => gauge.set({ source: 'vista' }, 1));
  breaker.on('close', () => {
    gauge.set({ source: 'vista' }, 0);
    logger.info('vista circuit breaker closed');
  });
  return breaker;
}
