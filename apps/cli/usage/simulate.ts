import type { CommandUsage } from '../command-usage.js';

export const SIMULATOR_NAMES = ['safetyamp', 'samsara', 'graph', 'vista'] as const;

export const usage = {
  summary: 'run one simulator: safetyamp | samsara | graph | vista [--port P] [--data FILE]',
  operands: `<${SIMULATOR_NAMES.join('|')}> [simulator options]`,
  operandOwnsRest: true,
  description:
    'Serves one simulated service until SIGINT or SIGTERM and prints `listening on <url>` once it accepts ' +
    "connections. `fleet simulate <name> --help` lists that simulator's flags, its unkind switches included " +
    '(all off by default).',
  flags: {},
  environment: {
    variables: ['SAFETYAMP_TOKEN', 'SAFETYAMP_FQDN', 'LOG_LEVEL', 'LOG_FORMAT'],
    note: "SAFETYAMP_TOKEN and SAFETYAMP_FQDN are the defaults of the safetyamp simulator's --token and --fqdn.",
  },
  exitCodes: [
    [0, 'stopped by SIGINT or SIGTERM'],
    [2, 'an unknown simulator, a bad flag, or a data file it cannot read'],
  ],
} as const satisfies CommandUsage;
