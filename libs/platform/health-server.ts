import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsRegistry, timedHealthCheck, zeroHealthCheck } from './metrics.js';

/** A readiness verdict and whatever explains it (the checks per dependency). */
export interface ReadinessAnswer {
  /** ready and degraded answer 200 (the process can do useful work), not_ready 503. */
  status: 'ready' | 'degraded' | 'not_ready';
  /** What the verdict rests on, per dependency. */
  checks: object;
}

export interface HealthChecks {
  /** Readiness: may this pod take traffic/work? Must be cheap and must never call SafetyAmp. */
  ready(): Promise<ReadinessAnswer>;
  /** Set once SIGTERM arrives: liveness stays 200, readiness turns 503. */
  shuttingDown(): boolean;
}

/**
 * /live, /ready and /metrics for a long-running process (worker, producer). Liveness never touches a dependency,
 * so a slow Redis or SafetyAmp cannot get a healthy pod killed.
 */
export async function startHealthServer(
  port: number,
  checks: HealthChecks,
  host = '0.0.0.0',
): Promise<{
  port: number;
  close(): Promise<void>;
}> {
  zeroHealthCheck('ready');
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: unknown, type = 'application/json'): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (req.method !== 'GET') return send(405, { error: 'method not allowed' });
    if (path === '/live') return send(200, { status: 'alive' });
    if (path === '/ready') {
      if (checks.shuttingDown()) return send(503, { status: 'shutting_down' });
      timedHealthCheck('ready', async () => {
        const answer = await checks.ready();
        return { answer, ok: answer.status !== 'not_ready' };
      }).then(
        ({ answer, ok }) => send(ok ? 200 : 503, answer),
        (err: unknown) => send(503, { status: 'not_ready', error: (err as Error).message }),
      );
      return;
    }
    if (path === '/metrics') {
      metricsRegistry.metrics().then(
        (text) => send(200, text, metricsRegistry.contentType),
        (err: unknown) => send(500, { error: (err as Error).message }),
      );
      return;
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
