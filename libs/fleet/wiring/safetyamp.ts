import type { Config } from '../../platform/config.js';
import { redisKeyPrefix } from '../../queue/key-prefix.js';
import { SafetyAmpClient } from '../../safetyamp/client.js';
import { RedisRateLimiter } from '../../safetyamp/rate-limiter.js';
import { RedisFilterTrust } from '../../safetyamp/redis-filter-trust.js';
import type { RedisClient } from '../../platform/redis-client.js';

/** The fleet-wide limiter every process builds the same way: one budget per tenant under the key prefix. */
export function buildRateLimiter(
  config: Config<'safetyamp' | 'redis'>,
  connection: RedisClient,
): RedisRateLimiter {
  const { max, windowMs } = config.safetyamp.SAFETYAMP_RATE_LIMIT;
  return new RedisRateLimiter({
    connection,
    prefix: redisKeyPrefix(config.redis.QUEUE_PREFIX),
    tenant: config.safetyamp.SAFETYAMP_FQDN,
    max,
    windowMs,
  });
}

/**
 * The client every process builds: calls under the shared budget, and what one process learns of the tenant's
 * listing filters (ignored or not) kept in Redis for all, like the budget (per key prefix and tenant).
 */
export function buildSafetyAmpClient(
  config: Config<'safetyamp' | 'redis'>,
  connection: RedisClient,
  limiter: RedisRateLimiter,
  onRequest?: () => void,
): SafetyAmpClient {
  const sa = config.safetyamp;
  return new SafetyAmpClient({
    baseUrl: sa.SAFETYAMP_BASE_URL,
    token: sa.SAFETYAMP_TOKEN,
    fqdn: sa.SAFETYAMP_FQDN,
    limiter,
    timeoutMs: sa.SAFETYAMP_TIMEOUT_MS,
    pageLimit: sa.SAFETYAMP_PAGE_LIMIT,
    onRequest,
    filterTrust: new RedisFilterTrust({
      connection,
      prefix: redisKeyPrefix(config.redis.QUEUE_PREFIX),
      tenant: sa.SAFETYAMP_FQDN,
    }),
  });
}
