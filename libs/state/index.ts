export * from './mirror.js';
export * from './audit-trail.js';
export * from './run-records.js';
export * from './worker-registry.js';
export * from './create-intents.js';
export * from './source-cache.js';
