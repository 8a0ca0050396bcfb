import { Counter } from 'prom-client';
import { metricsRegistry, singletonMetric } from '../../platform/metrics.js';

/** `safetyamp_source_http_requests_total{source, endpoint, status}`; status 0 = no answer. */
export const sourceRequestsMetric = (): Counter =>
  singletonMetric(
    'safetyamp_source_http_requests_total',
    () =>
      new Counter({
        name: 'safetyamp_source_http_requests_total',
        help: 'HTTP requests the source readers made, by source, endpoint template and status (0 = no answer)',
        labelNames: ['source', 'endpoint', 'status'],
        registers: [metricsRegistry],
      }),
  );
