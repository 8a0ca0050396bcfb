import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { generateCompany, writeCompanyFiles } from '../../apps/simulators/dataset/index.js';

describe('company dataset files', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dataset-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the Vista SQLite file and the three JSON data files', async () => {
    const company = generateCompany({
      seed: 3,
      employees: 200,
      jobs: 30,
      departments: 6,
      vehicles: 25,
      asOf: new Date('2026-02-01T00:00:00Z'),
    });
    const files = await writeCompanyFiles(dir, company);

    const db = new Database(files.vistaFile, { readonly: true });
    try {
      for (const [table, rows] of Object.entries(company.vista)) {
        const { n } = db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number };
        expect(n, table).to.equal(rows.length);
      }
      const first = company.vista.bPREH[0];
      const stored = db
        .prepare('SELECT * FROM bPREH WHERE PRCo = ? AND Employee = ?')
        .get(first?.PRCo, first?.Employee);
      expect(stored).to.deep.equal(first);
    } finally {
      db.close();
    }
    expect(JSON.parse(await readFile(files.graphFile, 'utf8'))).to.deep.equal(company.graph);
    expect(JSON.parse(await readFile(files.samsaraFile, 'utf8'))).to.deep.equal(company.samsara);
    expect(JSON.parse(await readFile(files.safetyampFile, 'utf8'))).to.deep.equal(company.safetyamp);

    // Writing again replaces the files rather than adding rows.
    await writeCompanyFiles(dir, company);
    const again = new Database(files.vistaFile, { readonly: true });
    const { n } = again.prepare('SELECT COUNT(*) AS n FROM bPRJC').get() as { n: number };
    again.close();
    expect(n).to.equal(company.vista.bPRJC.length);
  });

  it('has a CLI that prints where it wrote each file', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      fileURLToPath(new URL('../../apps/simulators/dataset/cli.ts', import.meta.url)),
      '--out',
      dir,
      '--employees',
      '40',
      '--vehicles',
      '5',
      '--as-of',
      '2026-02-01',
    ]);
    const lines = stdout.trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).to.deep.equal([
      'vistaFile',
      'graphFile',
      'samsaraFile',
      'safetyampFile',
    ]);
    const graph = JSON.parse(await readFile(join(dir, 'graph.json'), 'utf8')) as { users: unknown[] };
    expect(graph.users.length).to.be.greaterThan(30);
  });
});
