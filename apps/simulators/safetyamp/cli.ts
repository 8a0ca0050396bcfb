import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger } from '../../../libs/platform/logger.js';
import { DEFAULT_FQDN, DEFAULT_TOKEN, parseRateLimit, startSafetyAmpSimulator } from './server.js';
import type { RateLimit } from './server.js';
import { FLAG_OPTIONS, USAGE, faultsFromFlags, numberFlag } from './cli-flags.js';

/**
 * `fleet simulate safetyamp`: serves the SafetyAmp API until SIGINT/SIGTERM, then closes cleanly. Prints exactly
 * `listening on <url>` on stdout once it accepts connections; logs go to stderr.
 */
export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: FLAG_OPTIONS, strict: true });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const rateText = values['rate-limit'];
  const rateLimit: RateLimit | null =
    rateText === undefined
      ? { max: 60, windowMs: 61_000 }
      : rateText === 'off'
        ? null
        : parseRateLimit(rateText);
  const faults = faultsFromFlags(values);

  const simulator = await startSafetyAmpSimulator({
    port: numberFlag('port', values.port, 0, 65_535) ?? 0,
    host: values.host,
    dataFile: values.data,
    token: values.token ?? (process.env.SAFETYAMP_TOKEN || DEFAULT_TOKEN),
    fqdn: values.fqdn ?? (process.env.SAFETYAMP_FQDN || DEFAULT_FQDN),
    rateLimit,
    pageCap: numberFlag('page-cap', values['page-cap'], 1, 100_000),
    meta: !values['no-meta'],
    faults,
    randomSeed: numberFlag('random-seed', values['random-seed'], 0, 2 ** 32 - 1),
  });
  const log = createLogger('safetyamp-simulator');
  log.info('SafetyAmp simulator started', {
    rateLimit: rateLimit ? `${rateLimit.max}/${rateLimit.windowMs}ms` : 'off',
    dataFile: values.data ?? null,
    faults: Object.keys(faults),
  });
  process.stdout.write(`listening on ${simulator.url}\n`);

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      log.info('stopping', { signal });
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void simulator.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(
      `safetyamp simulator: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`,
    );
    process.exitCode = 2;
  });
}
