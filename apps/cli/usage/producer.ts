import { FLEET_SECTIONS } from '../../../libs/fleet/wiring/fleet-config.js';
import type { CommandUsage } from '../command-usage.js';
import { EXIT_START_FAILED, EXIT_STOPPED, EXIT_STOP_FAILED } from './exit-codes.js';

export const usage = {
  summary: 'schedule and execute runs, one at a time fleet-wide (long-running)',
  description:
    'Registers the schedules (SYNC_SCHEDULE in SYNC_TIMEZONE, a reconcile on RECONCILE_SCHEDULE) and executes ' +
    'runs one at a time fleet-wide, recording how each source read went; serves /live, /ready and /metrics on ' +
    'WORKER_PORT (/ready: JSON per dependency, 200 ready or degraded, 503 without Redis; docs/degraded-runs.md). ' +
    'Runs until SIGTERM or SIGINT.',
  flags: {},
  environment: { sections: FLEET_SECTIONS },
  exitCodes: [EXIT_STOPPED, EXIT_STOP_FAILED, EXIT_START_FAILED],
} as const satisfies CommandUsage;
