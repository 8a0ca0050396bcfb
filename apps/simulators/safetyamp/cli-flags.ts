import type { SafetyAmpFaults } from './faults/settings.js';

/** `fleet simulate safetyamp --help`: every flag, the unkind switches all off by default. */
export const USAGE = `usage: fleet simulate safetyamp [options]

Serves the SafetyAmp API (reference/safetyamp-api.md) until SIGINT/SIGTERM. Prints "listening on <url>".
The API is under <url>/api; <url>/__sim/{state,calls,faults,reset,stats} inspect and steer it.

  --port P                      TCP port (default: any free one)
  --host H                      interface (default 127.0.0.1)
  --data FILE                   the tenant's data, JSON in the seed shape (DESIGN.md)
  --token T, --fqdn F           accepted token and tenant host (default SAFETYAMP_TOKEN / SAFETYAMP_FQDN,
                                else demo-token / demo.safetyamp.com)
  --rate-limit N/W(ms|s|m)|off  sliding-window budget per token (default 60/61s)
  --page-cap N                  largest page size served (default 100)
  --no-meta                     listings carry no meta (clients must page until an empty page)
  --random-seed N               seed of every injected fault (default 1): equal seeds, equal faults

Unkind switches, all off by default; every one can also be set at runtime with POST /__sim/faults
(the JSON field is named in brackets; null, 0 or false switches it off again):
 before a request reaches the data (nothing is applied)
  --error-rate R                share R (0..1) answered 500, 502 (HTML) or 503        [errorRate]
  --html-error-rate R           share R answered by a load balancer's HTML page,
                                502/503/504 text/html                                 [htmlErrorRate]
  --forced-429 N                the next N requests are answered 429 ...              [forced429.count]
  --forced-429-retry-after S    ... with Retry-After S seconds (default 1)            [forced429.retryAfterSeconds]
  --latency-ms MS|MIN-MAX       delay before every answer, fixed or uniform in range  [latencyMs: n | {min,max}]
 after a request was served (a write is applied)
  --drop-after-write-rate R     share R of applied writes lose their answer
                                (connection destroyed)                                [dropAfterWriteRate]
  --applied-then-error-rate R   share R of applied writes are answered 500/502/503    [appliedThenErrorRate]
  --truncated-body-rate R       share R of answers have their JSON body cut mid-way,
                                then the connection is closed                         [truncatedBodyRate]
  --slow-answer-rate R          share R of requests are served at once but answered
                                only after --slow-answer-ms (default 35000, longer
                                than a 30 s client timeout)                           [slowAnswers: {rate,delayMs}]
 rules the real service does not document
  --lenient                     no uniqueness at all: emp_id, email, external_code,
                                serial, title name, cluster name under a parent       [lenient]
  --ignore-filters              listing filters (?emp_id= ?external_code= ?serial=
                                ?name=) are ignored: the unfiltered page is served    [ignoreFilters]
 listings that lie
  --lying-last-page             meta.last_page is about half the truth                [lyingLastPage]
  --lying-total                 meta.total is about half the truth                    [lyingTotal]
  --endless-pages repeat-last|fresh
                                meta.last_page always names one more page; past the
                                real end, pages repeat the last one or bring new
                                made-up records                                       [endlessPages]
  --mistyped-records            ids and every number in listed records as strings     [mistypedRecords]
  --records-without-id          the first record of every listed page has no id       [recordsWithoutId]
  --extra-fields                listed records carry fields the contract does not name [extraFields]
 runtime only (POST /__sim/faults), for tests that act while a write is in flight
  writes that arrive wait, unapplied, until it is switched off; then each is
  applied, and answered if its client still listens                                   [holdWrites]
  -h, --help                    this text`;

/** The flags `parseArgs` must know. */
export const FLAG_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  token: { type: 'string' },
  fqdn: { type: 'string' },
  'rate-limit': { type: 'string' },
  'page-cap': { type: 'string' },
  'no-meta': { type: 'boolean' },
  'random-seed': { type: 'string' },
  'error-rate': { type: 'string' },
  'html-error-rate': { type: 'string' },
  'forced-429': { type: 'string' },
  'forced-429-retry-after': { type: 'string' },
  'latency-ms': { type: 'string' },
  'drop-after-write-rate': { type: 'string' },
  'applied-then-error-rate': { type: 'string' },
  'truncated-body-rate': { type: 'string' },
  'slow-answer-rate': { type: 'string' },
  'slow-answer-ms': { type: 'string' },
  lenient: { type: 'boolean' },
  'ignore-filters': { type: 'boolean' },
  'lying-last-page': { type: 'boolean' },
  'lying-total': { type: 'boolean' },
  'endless-pages': { type: 'string' },
  'mistyped-records': { type: 'boolean' },
  'records-without-id': { type: 'boolean' },
  'extra-fields': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type FlagValues = Partial<Record<keyof typeof FLAG_OPTIONS, string | boolean>>;

/** A numeric flag in [min, max]; undefined when absent; a clear error naming the flag otherwise. */
export function numberFlag(name: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new Error(`--${name} must be a number from ${min} to ${max}, got "${String(value)}"`);
  }
  return n;
}

function latencyFlag(value: unknown): SafetyAmpFaults['latencyMs'] {
  if (value === undefined) return undefined;
  const range = /^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*$/.exec(String(value));
  if (!range) return numberFlag('latency-ms', value, 0, 3_600_000);
  const min = Number(range[1]);
  const max = Number(range[2]);
  if (min > max || max > 3_600_000) {
    throw new Error(`--latency-ms range must be MIN-MAX with MIN <= MAX <= 3600000, got "${String(value)}"`);
  }
  return { min, max };
}

/** The faults the flags switch on; absent flags leave a fault off. */
export function faultsFromFlags(values: FlagValues): SafetyAmpFaults {
  const rate = (flag: keyof typeof FLAG_OPTIONS): number | undefined => numberFlag(flag, values[flag], 0, 1);
  const on = (flag: keyof typeof FLAG_OPTIONS): true | undefined =>
    values[flag] === true ? true : undefined;
  const faults: SafetyAmpFaults = {
    errorRate: rate('error-rate'),
    htmlErrorRate: rate('html-error-rate'),
    latencyMs: latencyFlag(values['latency-ms']),
    dropAfterWriteRate: rate('drop-after-write-rate'),
    appliedThenErrorRate: rate('applied-then-error-rate'),
    truncatedBodyRate: rate('truncated-body-rate'),
    lenient: on('lenient'),
    ignoreFilters: on('ignore-filters'),
    lyingLastPage: on('lying-last-page'),
    lyingTotal: on('lying-total'),
    mistypedRecords: on('mistyped-records'),
    recordsWithoutId: on('records-without-id'),
    extraFields: on('extra-fields'),
  };
  const forcedCount = numberFlag('forced-429', values['forced-429'], 0, 1_000_000);
  if (forcedCount !== undefined) {
    const retryAfterSeconds =
      numberFlag('forced-429-retry-after', values['forced-429-retry-after'], 0, 3600) ?? 1;
    faults.forced429 = { count: Math.floor(forcedCount), retryAfterSeconds: Math.floor(retryAfterSeconds) };
  }
  const slowRate = rate('slow-answer-rate');
  if (slowRate !== undefined) {
    faults.slowAnswers = {
      rate: slowRate,
      delayMs: numberFlag('slow-answer-ms', values['slow-answer-ms'], 0, 3_600_000) ?? 35_000,
    };
  }
  const endless = values['endless-pages'];
  if (endless !== undefined) {
    if (endless !== 'repeat-last' && endless !== 'fresh') {
      throw new Error(`--endless-pages must be repeat-last or fresh, got "${String(endless)}"`);
    }
    faults.endlessPages = endless;
  }
  return Object.fromEntries(
    Object.entries(faults).filter(([, value]) => value !== undefined),
  ) as SafetyAmpFaults;
}
