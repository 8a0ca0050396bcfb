export { SafetyAmpClient, type SafetyAmpClientOptions } from './client.js';
export { createResolving, type CreateResolvingOptions } from './create-resolving.js';
export {
  SafetyAmpCircuitOpen,
  SafetyAmpConfigurationError,
  SafetyAmpError,
  SafetyAmpNotFound,
  SafetyAmpProtocolError,
  SafetyAmpRateLimited,
  SafetyAmpUnavailable,
  SafetyAmpValidationError,
} from './errors.js';
export { flattenClusterTree, parseClusterTree } from './cluster-tree.js';
export { InProcessFilterTrust, type FilterTrust } from './filter-trust.js';
export { RedisFilterTrust, type RedisFilterTrustOptions } from './redis-filter-trust.js';
export { observeRateBudget } from './metrics.js';
export { callsPerSecond, drainSeconds, parseRateLimit, type RateLimit } from './rate-limit.js';
export {
  RedisRateLimiter,
  type FleetPause,
  type RateBudgetUsage,
  type RedisRateLimiterOptions,
  type SlotGrant,
} from './rate-limiter.js';
export type { SafetyAmpBreakerOptions, SafetyAmpTransportOptions } from './transport.js';
export type * from './types.js';
