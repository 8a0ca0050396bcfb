import type { CommandUsage } from '../command-usage.js';

export const DEFAULT_DASHBOARD_PORT = 8080;
export const DEFAULT_EMPLOYEES = 2_000;
export const DEFAULT_DEMO_PREFIX = 'safetyamp-demo';

export const usage = {
  summary: 'simulators, Redis, producer, two workers and the dashboard on this machine (`npm start`)',
  description:
    'Starts the four simulators with a generated company, uses the Redis at REDIS_URL or starts a private ' +
    'redis-server, then a producer, two workers and the dashboard, and requests a first run. Prints the ' +
    'dashboard URL, two logins and the run progress; Ctrl-C stops everything.',
  flags: {
    port: {
      type: 'string',
      value: 'PORT',
      description: `dashboard port (default DASHBOARD_PORT, else ${DEFAULT_DASHBOARD_PORT}); when it is taken the demo picks a free one and prints it; 0 picks any free port`,
    },
    employees: {
      type: 'string',
      value: 'N',
      description: `employees of the generated company (default ${DEFAULT_EMPLOYEES}); jobs, departments and vehicles scale with it`,
    },
    'queue-prefix': {
      type: 'string',
      value: 'NAME',
      description: `Redis key prefix of the demo's fleet (default ${DEFAULT_DEMO_PREFIX}); every key under it is deleted at start`,
    },
  },
  environment: {
    variables: ['REDIS_URL', 'DASHBOARD_PORT'],
    note:
      'REDIS_URL is used when a Redis answers there; otherwise the demo starts a private redis-server (as root ' +
      'with apt-get, installing it first when missing). The demo ' +
      'sets what points its processes at the simulators (URLs, credentials, a 60/3s rate budget); other fleet ' +
      'variables such as LOG_LEVEL or WORKER_CONCURRENCY pass through to them.',
  },
  exitCodes: [
    [0, 'stopped by Ctrl-C (SIGINT) or SIGTERM, every process it started stopped'],
    [
      2,
      'could not start: a bad flag, no Redis and no redis-server it may install, or a process that failed (see the log it names)',
    ],
  ],
} as const satisfies CommandUsage;
