import type { Redis } from 'ioredis';
import type { Config } from '../platform/config.js';
import { SafetyAmpClient } from './client.js';
import type { FilterTrust } from './filter-trust.js';
import { RedisRateLimiter } from './rate-limiter.js';
import { RedisFilterTrust } from './redis-filter-trust.js';

/** The fleet-wide limiter every process builds the same way: one budget per tenant under the queue prefix. */
export function buildRateLimiter(config: Config<'safetyamp' | 'redis'>, connection: Redis): RedisRateLimiter {
  const { max, windowMs } = config.safetyamp.SAFETYAMP_RATE_LIMIT;
  return new RedisRateLimiter({
    connection,
    prefix: config.redis.QUEUE_PREFIX,
    tenant: config.safetyamp.SAFETYAMP_FQDN,
    max,
    windowMs,
  });
}

/** What the fleet knows about the tenant's listing filters, shared like the budget: per prefix and tenant. */
export function buildFilterTrust(config: Config<'safetyamp' | 'redis'>, connection: Redis): RedisFilterTrust {
  return new RedisFilterTrust({
    connection,
    prefix: config.redis.QUEUE_PREFIX,
    tenant: config.safetyamp.SAFETYAMP_FQDN,
  });
}

/** The client every process builds; pass `buildFilterTrust(...)` so that what one learns, all know. */
export function buildSafetyAmpClient(
  config: Config<'safetyamp'>,
  limiter: RedisRateLimiter,
  onRequest?: () => void,
  filterTrust?: FilterTrust,
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
    filterTrust,
  });
}
