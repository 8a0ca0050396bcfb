import type { Redis } from 'ioredis';
import type { Config } from '../../platform/config.js';
import { redisKeyPrefix } from '../../queue/key-prefix.js';
import { SafetyAmpClient } from '../../safetyamp/client.js';
import { RedisRateLimiter } from '../../safetyamp/rate-limiter.js';

/** The fleet-wide limiter every process builds the same way: one budget per tenant under the key prefix. */
export function buildRateLimiter(config: Config<'safetyamp' | 'redis'>, connection: Redis): RedisRateLimiter {
  const { max, windowMs } = config.safetyamp.SAFETYAMP_RATE_LIMIT;
  return new RedisRateLimiter({
    connection,
    prefix: redisKeyPrefix(config.redis.QUEUE_PREFIX),
    tenant: config.safetyamp.SAFETYAMP_FQDN,
    max,
    windowMs,
  });
}

export function buildSafetyAmpClient(
  config: Config<'safetyamp'>,
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
  });
}
