import type { CommandUsage } from '../command-usage.js';

export const usage = {
  summary: 'print a dashboard password hash for DASHBOARD_USERS',
  operands: '[PASSWORD]',
  description:
    'Prints the scrypt hash for a `name:role:hash` entry of DASHBOARD_USERS. Without PASSWORD it reads the ' +
    'password from standard input (`printf %s "$PW" | fleet hash-password`), which keeps it out of the shell ' +
    'history and the process list.',
  flags: {},
  environment: {},
  exitCodes: [
    [0, 'printed the hash'],
    [2, 'no password given, or a bad flag'],
  ],
} as const satisfies CommandUsage;
