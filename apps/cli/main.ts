import { ConfigurationError } from '../../libs/platform/config.js';
import { RedisPreflightError } from '../../libs/platform/redis-preflight.js';
import { COMMANDS } from './command-registry.js';
import { asksForHelp, formatCommandList, formatUsage, UsageError } from './command-usage.js';
import { packageVersion } from './package-version.js';

/**
 * The `fleet` command: one entry point, one subcommand per process of a deployment (apps/cli/command-registry.ts).
 * `fleet <command> --help` is answered from the command's usage without loading the command.
 */
const commandList = (): string =>
  formatCommandList(Object.fromEntries(Object.entries(COMMANDS).map(([name, c]) => [name, c.usage])));

async function run(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(commandList());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`fleet: unknown command '${name}'\n\n${commandList()}`);
    return 2;
  }
  if (asksForHelp(command.usage, args)) {
    process.stdout.write(formatUsage(name, command.usage));
    return 0;
  }
  try {
    const code = await (await command.load()).main(args);
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`fleet ${name}: ${err.message}\n\n${formatUsage(name, command.usage)}`);
    return 2;
  }
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
