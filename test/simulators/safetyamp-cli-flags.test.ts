import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { expect } from 'chai';
import { FLAG_OPTIONS, USAGE, faultsFromFlags } from '../../apps/simulators/safetyamp/cli-flags.js';
import { faultsPatchSchema } from '../../apps/simulators/safetyamp/faults/settings.js';

const EVERY_SWITCH = [
  '--error-rate',
  '0.1',
  '--html-error-rate',
  '0.2',
  '--forced-429',
  '2',
  '--forced-429-retry-after',
  '7',
  '--latency-ms',
  '0-3',
  '--drop-after-write-rate',
  '0.3',
  '--applied-then-error-rate',
  '0.4',
  '--truncated-body-rate',
  '0.05',
  '--slow-answer-rate',
  '0.01',
  '--slow-answer-ms',
  '45000',
  '--lenient',
  '--ignore-filters',
  '--lying-last-page',
  '--lying-total',
  '--endless-pages',
  'fresh',
  '--mistyped-records',
  '--records-without-id',
  '--extra-fields',
];

const EXPECTED_FAULTS = {
  errorRate: 0.1,
  htmlErrorRate: 0.2,
  forced429: { count: 2, retryAfterSeconds: 7 },
  latencyMs: { min: 0, max: 3 },
  dropAfterWriteRate: 0.3,
  appliedThenErrorRate: 0.4,
  truncatedBodyRate: 0.05,
  slowAnswers: { rate: 0.01, delayMs: 45_000 },
  lenient: true,
  ignoreFilters: true,
  lyingLastPage: true,
  lyingTotal: true,
  endlessPages: 'fresh',
  mistypedRecords: true,
  recordsWithoutId: true,
  extraFields: true,
};

const flags = (args: string[]) =>
  faultsFromFlags(parseArgs({ args, options: FLAG_OPTIONS, strict: true }).values);

describe('fleet simulate safetyamp: flags of the unkind switches', () => {
  it('--help names every flag, and every /__sim/faults field', () => {
    for (const name of Object.keys(FLAG_OPTIONS)) expect(USAGE, name).to.include(`--${name}`);
    for (const field of Object.keys(faultsPatchSchema.shape)) expect(USAGE, field).to.include(field);
  });

  it('no flag, no fault: every switch is off by default', () => {
    expect(flags([])).to.deep.equal({});
  });

  it('a fixed latency stays a number; a slow-answer rate alone waits 35 s; a 429 burst alone says 1 s', () => {
    expect(flags(['--latency-ms', '250'])).to.deep.equal({ latencyMs: 250 });
    expect(flags(['--slow-answer-rate', '1'])).to.deep.equal({ slowAnswers: { rate: 1, delayMs: 35_000 } });
    expect(flags(['--forced-429', '3'])).to.deep.equal({ forced429: { count: 3, retryAfterSeconds: 1 } });
  });

  it('refuses bad values, naming the flag', () => {
    expect(() => flags(['--applied-then-error-rate', '1.5'])).to.throw(/--applied-then-error-rate must be/);
    expect(() => flags(['--latency-ms', '800-100'])).to.throw(/--latency-ms range/);
    expect(() => flags(['--endless-pages', 'sometimes'])).to.throw(/--endless-pages must be/);
    expect(() => flags(['--truncated-body-rate', 'half'])).to.throw(/--truncated-body-rate must be/);
  });

  it('the running simulator starts with exactly the faults its flags name', async function () {
    this.timeout(30_000);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'apps/simulators/safetyamp/cli.ts',
        '--port',
        '0',
        '--rate-limit',
        'off',
        ...EVERY_SWITCH,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const line = /^listening on (\S+)$/m.exec(out);
          if (line) resolve(line[1] as string);
        });
        child.once('exit', (code) => reject(new Error(`exited ${String(code)} before listening`)));
      });
      expect(await (await fetch(`${url}/__sim/faults`)).json()).to.deep.equal(EXPECTED_FAULTS);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
