import { FLEET_SECTIONS } from '../../../libs/fleet/wiring/fleet-config.js';
import type { CommandUsage } from '../command-usage.js';
import { EXIT_START_FAILED, EXIT_STOPPED, EXIT_STOP_FAILED } from './exit-codes.js';

export const usage = {
  summary: 'apply queued writes to SafetyAmp under the fleet-wide rate budget (long-running)',
  description:
    'Takes jobs from the entity queues and applies them to SafetyAmp, WORKER_CONCURRENCY at a time, within the ' +
    'rate budget every process shares; serves /live, /ready and /metrics on WORKER_PORT (/ready: JSON per ' +
    'dependency, 200 ready or degraded, 503 without Redis; docs/degraded-runs.md). On SIGTERM it finishes ' +
    'its jobs within WORKER_SHUTDOWN_TIMEOUT_MS.',
  flags: {
    queues: {
      type: 'string',
      value: 'a,b',
      description: 'entity queues to work on: clusters, sites, titles, users, assets (default all)',
    },
  },
  environment: { sections: FLEET_SECTIONS },
  exitCodes: [EXIT_STOPPED, EXIT_STOP_FAILED, EXIT_START_FAILED],
} as const satisfies CommandUsage;
