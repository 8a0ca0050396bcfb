import { FLEET_SECTIONS } from '../../../libs/fleet/wiring/fleet-config.js';
import type { CommandUsage } from '../command-usage.js';
import { RUN_EXIT_CODES } from './exit-codes.js';

export const usage = {
  summary: 'plan one run now [--entities a,b | --keys type:key,…] [--dry-run] [--wait] [--inline] [--json]',
  description:
    'Requests a sync run through the runs queue. Without --wait, --inline or --dry-run it prints the run id and ' +
    'returns; otherwise it waits for the run (executing it here when no producer is alive) and prints its summary.',
  flags: {
    entities: {
      type: 'string',
      value: 'a,b',
      description: 'entity types to plan: clusters, sites, titles, users, assets (default all)',
    },
    keys: {
      type: 'string',
      value: 'users:1234,sites:30031.',
      description:
        'sync only these records now (type:key; a user by employee number, a site by job number, a cluster by ' +
        'dept:<code>), with the creates they refer to, ahead of what is queued',
    },
    'dry-run': {
      type: 'boolean',
      description: 'plan only: print the changes a run would make, change nothing',
    },
    wait: { type: 'boolean', description: 'wait until the run ends and print its summary' },
    inline: {
      type: 'boolean',
      description: 'also apply the run in this process (no worker needed); implies --wait',
    },
    json: {
      type: 'boolean',
      description: 'print the summary (or the run id, or the plan) as one JSON object',
    },
    'max-duration': {
      type: 'string',
      value: '45m',
      description: 'the run ends timed_out past this (default RUN_MAX_DURATION)',
    },
  },
  environment: { sections: [...FLEET_SECTIONS, 'pushgateway'] },
  exitCodes: [[0, 'the run was queued (without --wait), or completed'], ...RUN_EXIT_CODES.slice(1)],
} as const satisfies CommandUsage;
