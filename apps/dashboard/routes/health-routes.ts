import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { metricsRegistry, timedHealthCheck, zeroHealthCheck } from '../../../libs/platform/metrics.js';
import type { Logger } from '../../../libs/platform/logger.js';
import type { FleetMetrics } from '../fleet-metrics.js';
import type { ReadinessReport } from '../../../libs/fleet/readiness.js';

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Probes and Prometheus, outside the session: /live (the process answers; touches nothing), /ready (JSON per
 * dependency: Redis, the workers' SafetyAmp breakers, each source's last read; 503 only when Redis is down),
 * /metrics (a bearer token when one is configured, else open).
 */
export function healthRoutes(
  readiness: () => Promise<ReadinessReport>,
  metrics: FleetMetrics,
  metricsToken: string | undefined,
  logger: Logger,
) {
  const router = Router();
  zeroHealthCheck('ready');

  router.get('/live', (_req, res) => {
    res.type('text/plain').send('ok');
  });

  router.get('/ready', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const report = await timedHealthCheck('ready', async () => {
        const answer = await readiness();
        return { ...answer, ok: answer.status !== 'not_ready' };
      });
      const { ok, ...body } = report;
      res.status(ok ? 200 : 503).json(body);
    } catch (err) {
      res.status(503).json({ status: 'not_ready', error: (err as Error).message });
    }
  });

  router.get('/metrics', async (req, res) => {
    if (metricsToken) {
      const [scheme, token] = (req.headers.authorization ?? '').split(' ');
      if (scheme !== 'Bearer' || !token || !sameSecret(token, metricsToken)) {
        res.set('WWW-Authenticate', 'Bearer').status(401).type('text/plain').send('unauthorised');
        return;
      }
    }
    try {
      await metrics.refresh();
      const own = await metricsRegistry.metrics();
      const fleet = await metrics.registry.metrics();
      const text = !own || own.endsWith('\n') ? own + fleet : `${own}\n${fleet}`;
      res.type(metrics.registry.contentType).send(text);
    } catch (err) {
      logger.warn('metrics scrape failed', { error: err });
      res.status(503).type('text/plain').send('fleet state unavailable');
    }
  });

  return router;
}
