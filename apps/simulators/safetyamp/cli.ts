import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger } from '../../../libs/platform/logger.js';
import { DEFAULT_FQDN, DEFAULT_TOKEN, parseRateLimit, startSafetyAmpSimulator } from './server.js';
import type { RateLimit } from './server.js';

const USAGE = `fleet simulate safetyamp [--port P] [--host H] [--data FILE] [--token T] [--fqdn F]
  [--rate-limit N/W(ms|s|m) | --rate-limit off] [--page-cap N] [--no-meta]
  [--error-rate R] [--latency-ms MS] [--drop-after-write-rate R] [--random-seed N]`;

function numberFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new Error(`--${name} must be a number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/**
 * `fleet simulate safetyamp`: serves the SafetyAmp API until SIGINT/SIGTERM, then closes cleanly. Prints exactly
 * `listening on <url>` on stdout once it accepts connections; logs go to stderr.
 */
export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      token: { type: 'string' },
      fqdn: { type: 'string' },
      'rate-limit': { type: 'string' },
      'page-cap': { type: 'string' },
      'no-meta': { type: 'boolean' },
      'error-rate': { type: 'string' },
      'latency-ms': { type: 'string' },
      'drop-after-write-rate': { type: 'string' },
      'random-seed': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
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
  const errorRate = numberFlag('error-rate', values['error-rate'], 0, 1);
  const latencyMs = numberFlag('latency-ms', values['latency-ms'], 0, 600_000);
  const dropAfterWriteRate = numberFlag('drop-after-write-rate', values['drop-after-write-rate'], 0, 1);

  const simulator = await startSafetyAmpSimulator({
    port: numberFlag('port', values.port, 0, 65_535) ?? 0,
    host: values.host,
    dataFile: values.data,
    token: values.token ?? (process.env.SAFETYAMP_TOKEN || DEFAULT_TOKEN),
    fqdn: values.fqdn ?? (process.env.SAFETYAMP_FQDN || DEFAULT_FQDN),
    rateLimit,
    pageCap: numberFlag('page-cap', values['page-cap'], 1, 100_000),
    meta: !values['no-meta'],
    faults: {
      ...(errorRate !== undefined && { errorRate }),
      ...(latencyMs !== undefined && { latencyMs }),
      ...(dropAfterWriteRate !== undefined && { dropAfterWriteRate }),
    },
    randomSeed: numberFlag('random-seed', values['random-seed'], 0, 2 ** 32 - 1),
  });
  const log = createLogger('safetyamp-simulator');
  log.info('SafetyAmp simulator started', {
    rateLimit: rateLimit ? `${rateLimit.max}/${rateLimit.windowMs}ms` : 'off',
    dataFile: values.data ?? null,
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
