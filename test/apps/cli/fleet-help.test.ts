import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../../apps/cli/command-registry.js';
import { formatUsage } from '../../../apps/cli/command-usage.js';
import { sectionVariables } from '../../../libs/platform/config.js';

const FLEET_BIN = fileURLToPath(new URL('../../../bin/fleet.js', import.meta.url));

/**
 * No fleet variable at all and a Redis that cannot answer: a command that started anything would stop with a
 * configuration error (exit 2), or fail to reach Redis.
 */
const BARE_ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH, REDIS_URL: 'redis://127.0.0.1:1' };

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function fleet(args: string[], env: NodeJS.ProcessEnv = BARE_ENV): Promise<Result> {
  const child = spawn(process.execPath, [FLEET_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const names = Object.keys(COMMANDS);
const sectionsOf = (name: string) => COMMANDS[name]!.usage.environment.sections ?? [];

describe('fleet --version and fleet <command> --help', function () {
  this.timeout(240_000);

  it('fleet --version prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const result = await fleet(['--version']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal(`${pkg.version}\n`);
  });

  it('fleet --help lists every command', async () => {
    const result = await fleet(['--help']);
    expect(result.code).to.equal(0);
    for (const name of names) expect(result.stdout).to.match(new RegExp(`^ {2}fleet ${name} `, 'm'));
  });

  it('fleet <command> --help lists flags, variables and exit codes, exits 0 and starts nothing', async () => {
    const results = await Promise.all(names.map((name) => fleet([name, '--help'])));
    names.forEach((name, i) => {
      const { code, stdout, stderr } = results[i]!;
      expect(code, `${name}: ${stderr}`).to.equal(0);
      expect(stdout, name).to.match(new RegExp(`^usage: fleet ${name}\\b`));
      for (const flag of Object.keys(COMMANDS[name]!.usage.flags))
        expect(stdout, name).to.contain(`--${flag}`);
      expect(stdout, name).to.contain('-h, --help');
      for (const section of sectionsOf(name))
        for (const { variable } of sectionVariables(section)) expect(stdout, name).to.contain(variable);
      for (const variable of COMMANDS[name]!.usage.environment.variables ?? [])
        expect(stdout, name).to.contain(variable);
      expect(stdout, name).to.match(/^exit codes:\n {2}0 {2}\S/m);
      expect(stdout, name).to.match(/^ {2}2 {2}\S/m);
      expect(stderr, name).to.equal('');
    });
  });

  it('the variables --help marks required are exactly those the command stops without', async () => {
    const configured = names.filter((name) => sectionsOf(name).length > 0);
    expect(configured).to.include.members(['producer', 'worker', 'dashboard', 'sync', 'reconcile']);
    const runs = await Promise.all(configured.map((name) => fleet([name])));
    configured.forEach((name, i) => {
      const run = runs[i]!;
      const help = formatUsage(name, COMMANDS[name]!.usage);
      const marked = [...help.matchAll(/\b([A-Z][A-Z0-9_]+)\*/g)].map((m) => m[1]).sort();
      const missing = [...run.stderr.matchAll(/^ {2}([A-Z][A-Z0-9_]+): is required$/gm)]
        .map((m) => m[1])
        .sort();
      expect(run.code, name).to.equal(2);
      expect(marked.length, name).to.be.greaterThan(0);
      expect(marked, name).to.deep.equal(missing);
    });
  });

  it('an unknown flag exits 2 with the message and the command’s usage', async () => {
    const results = await Promise.all(names.map((name) => fleet([name, '--bogus'])));
    names.forEach((name, i) => {
      const { code, stderr } = results[i]!;
      expect(code, name).to.equal(2);
      expect(stderr, name).to.contain(name === 'simulate' ? "unknown simulator '--bogus'" : "'--bogus'");
      expect(stderr, name).to.contain(`usage: fleet ${name}`);
    });
  });

  it('fleet simulate <name> --help is still the simulator’s own help', async () => {
    const result = await fleet(['simulate', 'safetyamp', '--help']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.contain('--rate-limit');
    expect(result.stdout).to.not.contain('usage: fleet simulate <');
  });
});
