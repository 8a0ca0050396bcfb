import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { metricsRegistry, timedHealthCheck, zeroHealthCheck } from '../../../libs/platform/metrics.js';
import type { Logger } from '../../../libs/platform/logger.js';
import type { FleetMetrics } from '../fleet-metrics.js';
import type { RedisClient } from '../../../libs/platform/redis-client.js';

const READY_TIMEOUT_MS = 2_000;

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Probes and Prometheus, outside the session: /live (the process answers; touches nothing), /ready (Redis
 * answers a PING; says nothing else), /metrics (a bearer token when one is configured, else open).
 */
export function healthRoutes(
  redis: RedisClient,
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
    const { ok } = await timedHealthCheck('ready', async () => {
      try {
        await Promise.race([
          redis.ping(),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS).unref(),
          ),
        ]);
        return { ok: true };
      } catch {
        return { ok: false };
      }
    });
    if (ok) res.type('text/plain').send('ready');
    else res.status(503).type('text/plain').send('not ready');
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
