export * from './names.js';
export * from './key-prefix.js';
export * from './connections.js';
export * from './job-types.js';
export * from './job-options.js';
export * from './fleet-queues.js';
export * from './fleet-control.js';
export * from './failure-reasons.js';
