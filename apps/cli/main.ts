import { ConfigurationError } from '../../libs/platform/config.js';
import { RedisPreflightError } from '../../libs/platform/redis-preflight.js';

/**
 * The `fleet` command: one entry point, one subcommand per process of a deployment. Each subcommand module is
 * loaded on demand so a simulator does not pull in BullMQ and a worker does not pull in SQLite.
 */
type Entry = () => Promise<{ main(args: string[]): Promise<number | void> }>;

const COMMANDS: Record<string, { summary: string; load: Entry }> = {
  demo: {
    summary: 'simulators, Redis, producer, two workers and the dashboard on this machine',
    load: () => import('./commands/demo.js'),
  },
  producer: {
    summary: 'schedule and plan runs (long-running)',
    load: () => import('./commands/producer.js'),
  },
  worker: {
    summary: 'apply queued writes to SafetyAmp (long-running)',
    load: () => import('./commands/worker.js'),
  },
  dashboard: {
    summary: 'Bull Board, the ops API and /metrics (long-running)',
    load: () => import('./commands/dashboard.js'),
  },
  sync: {
    summary: 'plan one run now [--entities a,b] [--dry-run] [--wait] [--inline] [--json]',
    load: () => import('./commands/sync.js'),
  },
  reconcile: {
    summary: 'rebuild the mirror from full SafetyAmp listings',
    load: () => import('./commands/reconcile.js'),
  },
  simulate: {
    summary: 'run one simulator: safetyamp | samsara | graph | vista [--port P] [--data FILE]',
    load: () => import('./commands/simulate.js'),
  },
  'hash-password': {
    summary: 'print a dashboard password hash for DASHBOARD_USERS',
    load: () => import('./commands/hash-password.js'),
  },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  fleet ${name.padEnd(14)} ${c.summary}`);
  return `usage: fleet <command> [options]\n\n${rows.join('\n')}\n`;
}

async function run(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`fleet: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const code = await (await command.load()).main(args);
  return typeof code === 'number' ? code : 0;
}

/** A command that has returned is done: leave even if a library still holds a timer or a socket open. */
function exitSoon(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2_000).unref();
}

run(process.argv.slice(2)).then(
  (code) => exitSoon(code),
  (err: unknown) => {
    if (err instanceof ConfigurationError || err instanceof RedisPreflightError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(`fleet: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    exitSoon(2);
  },
);
