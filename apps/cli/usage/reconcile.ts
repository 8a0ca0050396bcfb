import { FLEET_SECTIONS } from '../../../libs/fleet/wiring/fleet-config.js';
import type { CommandUsage } from '../command-usage.js';
import { RUN_EXIT_CODES } from './exit-codes.js';

export const usage = {
  summary: 'rebuild the mirror from full SafetyAmp listings',
  description:
    'Requests a reconcile run through the runs queue (so it never overlaps a sync run), waits for it and prints ' +
    'its summary.',
  flags: {
    json: { type: 'boolean', description: 'print the run summary as one JSON object' },
  },
  environment: { sections: [...FLEET_SECTIONS, 'pushgateway'] },
  exitCodes: RUN_EXIT_CODES,
} as const satisfies CommandUsage;
