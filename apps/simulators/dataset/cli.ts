import { parseArgs } from 'node:util';
import { generateCompany } from './generate-company.js';
import { writeCompanyFiles } from './write-company-files.js';

const USAGE = `usage: node --import tsx apps/simulators/dataset/cli.ts --out DIR [--employees N] [--jobs N]
  [--departments N] [--vehicles N] [--seed N] [--as-of YYYY-MM-DD] [--company N]
  [--terminated-share X] [--invalid-share X]`;

/** Generates a company and writes the simulators' data files; prints one `<name> <path>` line per file. */
export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
      employees: { type: 'string', default: '400' },
      jobs: { type: 'string', default: '60' },
      departments: { type: 'string', default: '12' },
      vehicles: { type: 'string', default: '50' },
      'as-of': { type: 'string' },
      company: { type: 'string', default: '1' },
      'terminated-share': { type: 'string' },
      'invalid-share': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.out) {
    process.stderr.write(`${USAGE}\n`);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const asOf = values['as-of'] ? new Date(`${values['as-of']}T00:00:00Z`) : new Date();
  if (Number.isNaN(asOf.getTime())) throw new Error(`--as-of: not a date: ${values['as-of']}`);
  const dataset = generateCompany({
    seed: count('seed', values.seed),
    employees: count('employees', values.employees),
    jobs: count('jobs', values.jobs),
    departments: count('departments', values.departments),
    vehicles: count('vehicles', values.vehicles),
    company: count('company', values.company),
    asOf,
    terminatedShare: share('terminated-share', values['terminated-share']),
    invalidShare: share('invalid-share', values['invalid-share']),
  });
  const files = await writeCompanyFiles(values.out, dataset);
  for (const [name, path] of Object.entries(files)) process.stdout.write(`${name} ${path}\n`);
}

function count(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: expected a whole number, got ${text}`);
  return n;
}

function share(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!(x >= 0 && x <= 1)) throw new Error(`--${name}: expected a share between 0 and 1, got ${text}`);
  return x;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
