import type { AddressInfo } from 'node:net';
import { buildOpsContext } from '../../../libs/fleet/wiring/dashboard.js';
import { loadConfig } from '../../../libs/platform/config.js';
import { configureLogging, createLogger } from '../../../libs/platform/logger.js';
import { collectProcessMetrics } from '../../../libs/platform/metrics.js';
import { redisPreflight } from '../../../libs/platform/redis-preflight.js';
import { observeRedis } from '../../../libs/platform/redis-metrics.js';
import { RedisConnections, redisTargetFrom } from '../../../libs/queue/connections.js';
import { createDashboardApp } from '../../dashboard/app.js';
import { authConfigFrom } from '../../dashboard/auth-config.js';
import { parseCommandArgs } from '../command-usage.js';
import { parsePortOption } from '../port-option.js';
import { usage } from '../usage/dashboard.js';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * `fleet dashboard [--port P] [--host H]`: serves Bull Board, the ops pages and API, and /metrics until SIGTERM or
 * SIGINT, then closes the server and Redis and returns.
 */
export async function main(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(usage, args);
  const config = loadConfig(usage.environment.sections);
  configureLogging({ level: config.logging.LOG_LEVEL, format: config.logging.LOG_FORMAT });
  collectProcessMetrics();
  const logger = createLogger('dashboard');
  const auth = authConfigFrom(config.dashboard);
  const connections = new RedisConnections({ ...redisTargetFrom(config.redis), failFast: true }, logger);
  await redisPreflight(
    connections.commands,
    { allowEviction: config.redis.REDIS_ALLOW_EVICTION, url: config.redis.REDIS_URL },
    logger,
  );
  // The dashboard also reports the server's evictions: it is the one place every replica of which reads the same.
  observeRedis(connections.commands, 'commands', { server: true });
  const ops = buildOpsContext(config, connections);
  await ops.logLevel.follow();
  const app = createDashboardApp({ ...ops, auth, redis: connections.commands });

  const host = values.host ?? config.dashboard.DASHBOARD_HOST;
  const port =
    values.port !== undefined ? parsePortOption(values.port, '--port') : config.dashboard.DASHBOARD_PORT;
  const server = app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`dashboard listening on http://${shownHost}:${address.port}\n`);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info('shutting down', { signal });
  server.closeIdleConnections();
  const forced = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearTimeout(forced);
  await ops.logLevel.close();
  await ops.close();
  await connections.close();
  return 0;
}
