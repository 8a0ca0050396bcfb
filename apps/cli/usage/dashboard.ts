import type { CommandUsage } from '../command-usage.js';
import { EXIT_START_FAILED, EXIT_STOPPED } from './exit-codes.js';

export const usage = {
  summary: 'Bull Board, the ops pages and API, and /metrics (long-running)',
  description:
    'Serves, behind a login (DASHBOARD_USERS or a trusted proxy header), the fleet status, runs, invalid and ' +
    'failed records, the audit trail and Bull Board, and /metrics for Prometheus. Runs until SIGTERM or SIGINT.',
  flags: {
    port: { type: 'string', value: 'PORT', description: 'port to listen on (default DASHBOARD_PORT)' },
    host: { type: 'string', value: 'HOST', description: 'address to listen on (default DASHBOARD_HOST)' },
  },
  environment: { sections: ['redis', 'logging', 'dashboard', 'safetyamp', 'sync'] },
  exitCodes: [
    EXIT_STOPPED,
    [EXIT_START_FAILED[0], `${EXIT_START_FAILED[1]}; the port cannot be listened on`],
  ],
} as const satisfies CommandUsage;
