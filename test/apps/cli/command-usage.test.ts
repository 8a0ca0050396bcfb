import { expect } from 'chai';
import { COMMANDS } from '../../../apps/cli/command-registry.js';
import {
  asksForHelp,
  formatCommandList,
  formatUsage,
  parseCommandArgs,
  UsageError,
  type CommandUsage,
} from '../../../apps/cli/command-usage.js';
import { packageVersion } from '../../../apps/cli/package-version.js';
import { KNOWN_VARIABLES, sectionVariables } from '../../../libs/platform/config.js';
import { readFileSync } from 'node:fs';

const example = {
  summary: 'an example',
  description: 'Does one thing.',
  flags: {
    entities: { type: 'string', value: 'a,b', description: 'which types' },
    json: { type: 'boolean', description: 'as JSON' },
  },
  environment: { sections: ['redis', 'safetyamp'], variables: ['DASHBOARD_PORT'] },
  exitCodes: [
    [0, 'fine'],
    [2, 'bad'],
  ],
} as const satisfies CommandUsage;

const passThrough = {
  summary: 'hands the rest on',
  operands: '<name> [its options]',
  operandOwnsRest: true,
  description: 'x',
  flags: {},
  environment: {},
  exitCodes: [[0, 'fine']],
} as const satisfies CommandUsage;

describe('fleet command usage', () => {
  describe('parseCommandArgs', () => {
    it('parses exactly the declared flags', () => {
      const { values } = parseCommandArgs(example, ['--entities', 'users', '--json']);
      expect(values).to.deep.equal({ entities: 'users', json: true });
    });

    it('rejects an unknown flag with a UsageError naming it', () => {
      expect(() => parseCommandArgs(example, ['--bogus']))
        .to.throw(UsageError)
        .with.property('message')
        .that.contains('--bogus');
    });

    it('rejects an operand the command does not take, and a string flag without its value', () => {
      expect(() => parseCommandArgs(example, ['stray'])).to.throw(UsageError, /stray/);
      expect(() => parseCommandArgs(example, ['--entities'])).to.throw(UsageError, /--entities/);
    });
  });

  describe('asksForHelp', () => {
    it('finds --help or -h anywhere before a `--`', () => {
      expect(asksForHelp(example, ['--json', '--help'])).to.equal(true);
      expect(asksForHelp(example, ['-h'])).to.equal(true);
      expect(asksForHelp(example, ['--json'])).to.equal(false);
      expect(asksForHelp(example, ['--', '--help'])).to.equal(false);
    });

    it('leaves --help after the operand to the operand when it owns the rest (fleet simulate safetyamp --help)', () => {
      expect(asksForHelp(passThrough, ['safetyamp', '--help'])).to.equal(false);
      expect(asksForHelp(passThrough, ['--help'])).to.equal(true);
    });
  });

  describe('formatUsage', () => {
    const text = formatUsage('example', example);

    it('lists every flag with its value placeholder, and --help', () => {
      expect(text).to.contain('--entities a,b');
      expect(text).to.contain('--json');
      expect(text).to.contain('-h, --help');
    });

    it('lists every variable of the sections it reads, marking the required ones, and single variables', () => {
      for (const section of ['redis', 'safetyamp'] as const)
        for (const { variable, required } of sectionVariables(section))
          expect(text).to.match(new RegExp(`\\b${variable}${required ? '\\*' : '(?!\\*)'}(\\s|$)`, 'm'));
      expect(text).to.match(/SAFETYAMP_TOKEN\*/);
      expect(text).to.match(/REDIS_URL(?!\*)/);
      expect(text).to.match(/^ {2}dashboard\s+DASHBOARD_PORT$/m);
    });

    it('lists the exit codes', () => {
      expect(text).to.match(/^exit codes:\n {2}0 {2}fine\n {2}2 {2}bad$/m);
    });

    it('keeps lines within 100 columns', () => {
      for (const line of formatUsage('sync', COMMANDS.sync!.usage).split('\n'))
        expect(line.length, line).to.be.at.most(100);
    });
  });

  describe('the registry', () => {
    it('gives every command a summary, a description, exit codes 0 and 2, and only known variables', () => {
      for (const [name, { usage }] of Object.entries(COMMANDS)) {
        expect(usage.summary, name).to.not.equal('');
        expect(usage.description, name).to.not.equal('');
        const codes = usage.exitCodes.map(([code]) => code);
        expect(codes, name).to.include.members([0, 2]);
        for (const variable of usage.environment.variables ?? [])
          expect(KNOWN_VARIABLES.has(variable), `${name}: ${variable}`).to.equal(true);
      }
    });

    it('fleet --help lists every command with its one-line summary', () => {
      const list = formatCommandList(
        Object.fromEntries(Object.entries(COMMANDS).map(([name, c]) => [name, c.usage])),
      );
      for (const [name, { usage }] of Object.entries(COMMANDS))
        expect(list).to.match(new RegExp(`^ {2}fleet ${name} +${escape(usage.summary)}$`, 'm'));
    });
  });

  it('packageVersion reads the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(packageVersion()).to.equal(pkg.version);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
