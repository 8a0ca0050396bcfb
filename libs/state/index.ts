export * from './mirror.js';
export * from './audit-trail.js';
export * from './run-records.js';
export * from './worker-registry.js';
export * from './create-intents.js';
export * from './reported-fingerprint.js';
export * from './operator-actions.js';
export * from './drift-log.js';
