/**
 * A small Vista data file for the Vista tests: two companies, open and closed jobs, active, terminated and
 * never-hired employees, and pay-period postings with a tie on the latest date.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { createVistaDatabase } from '../../apps/simulators/vista/database.js';
import type { VistaSimulator } from '../../apps/simulators/vista/server.js';
import type { VistaReaderOptions } from '../../libs/sources/vista/types.js';

export interface VistaFixtureFile {
  file: string;
  remove(): void;
}

/** Creates a Vista data file in a fresh temporary directory, filled by `fill`. */
export function createVistaFixtureFile(fill: (db: Database) => void): VistaFixtureFile {
  const dir = mkdtempSync(join(tmpdir(), 'vista-test-'));
  const file = join(dir, 'vista.sqlite');
  const db = createVistaDatabase(file);
  try {
    db.transaction(() => fill(db))();
  } finally {
    db.close();
  }
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The recent-job window of the standard fixture: as of 2024-06-20, 60 days → from 2024-04-21. */
export const FIXTURE_AS_OF = new Date('2024-06-20T15:30:00Z');
export const FIXTURE_WINDOW_DAYS = 60;

export function insertRows(db: Database, table: string, rows: Record<string, unknown>[]): void {
  for (const row of rows) {
    const columns = Object.keys(row);
    const statement = db.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
    );
    statement.run(row);
  }
}

/** The standard fixture. Company 2 reuses company 1's codes, so a missing company filter shows. */
export function fillStandardFixture(db: Database): void {
  insertRows(db, 'bPRDP', [
    { PRCo: 1, PRDept: '10', Description: 'Electrical', udRegion: 'Lake Charles' },
    { PRCo: 1, PRDept: '20', Description: 'Civil', udRegion: null },
    { PRCo: 2, PRDept: '10', Description: 'Other company', udRegion: 'EPC' },
  ]);
  insertRows(db, 'bJCCM', [
    { JCCo: 1, Contract: 'C1.', Department: '10' },
    { JCCo: 1, Contract: 'C2.', Department: '20' },
    { JCCo: 2, Contract: 'C1.', Department: '99' },
  ]);
  const job = (
    JCCo: number,
    Job: string,
    JobStatus: number,
    Contract: string | null,
  ): Record<string, unknown> => ({
    JCCo,
    Job,
    Description: `Job ${Job}`,
    Contract,
    JobStatus,
    ShipAddress: '1 Plant Rd',
    ShipCity: 'Sulphur',
    ShipState: 'LA ',
    ShipZip: '70663-1234',
  });
  insertRows(db, 'bJCJM', [
    job(1, '10001.', 1, 'C1.'),
    job(1, '10002.', 1, 'C2.'),
    job(1, '10003.', 2, 'C1.'),
    job(1, '10004.', 1, null),
    job(2, '10001.', 1, 'C1.'),
    job(2, '20001.', 1, 'C1.'),
  ]);
  const employee = (
    PRCo: number,
    Employee: number,
    extra: Record<string, unknown>,
  ): Record<string, unknown> => ({
    PRCo,
    Employee,
    FirstName: `First${Employee}`,
    MidName: null,
    LastName: `Last${Employee}`,
    SortName: `LAST${Employee}`,
    Sex: 'M',
    PRDept: '10',
    Email: `e${Employee}@example.com`,
    udEmpTitle: 'Electrician',
    BirthDate: '1980-02-03 00:00:00',
    HireDate: '2015-07-01 00:00:00',
    TermDate: null,
    Phone: '337-555-0100',
    Address: '2 Main St',
    City: 'Lake Charles',
    State: 'LA',
    Zip: '70601',
    ...extra,
  });
  insertRows(db, 'bPREH', [
    employee(1, 100, { Sex: 'F', MidName: 'Q' }),
    employee(1, 101, { Sex: null, Email: null, udEmpTitle: null, BirthDate: null, Phone: null }),
    employee(1, 102, { TermDate: '2023-12-31 00:00:00' }),
    employee(1, 103, { HireDate: null }),
    employee(1, 104, { PRDept: '20', Sex: '' }), // char(1): comes back padded to ' '
    employee(2, 100, { FirstName: 'OtherCompany' }),
    employee(2, 200, {}),
  ]);
  const posting = (
    PRCo: number,
    PREndDate: string,
    Job: string,
    Employee: number,
  ): Record<string, unknown> => ({
    PRCo,
    PREndDate: `${PREndDate} 00:00:00`,
    Job,
    Employee,
    Class: 'JMAN',
  });
  insertRows(db, 'bPRJC', [
    posting(1, '2024-03-01', '10004.', 100), // before the window
    posting(1, '2024-05-10', '10001.', 100),
    posting(1, '2024-05-24', '10001.', 100), // tie on the latest date...
    posting(1, '2024-05-24', '10002.', 100), // ...the highest Job wins
    posting(1, '2024-05-24', '10002.', 100), // identical posting (bPRJC has no key)
    posting(1, '2024-06-07', '10003.', 100), // later, but the job is closed
    posting(2, '2024-06-14', '10001.', 100), // later, but company 2
    posting(1, '2023-11-03', '10001.', 101), // only before the window
    posting(1, '2024-06-14', '10004.', 104),
    posting(2, '2024-06-14', '20001.', 104), // company 2 job: no company 1 job 20001.
    posting(1, '2024-06-14', '20001.', 104), // company 1 posting on a job that exists only in company 2
    posting(2, '2024-06-14', '20001.', 200),
  ]);
}

/**
 * Reader options for a simulator under test: quick retries, and a breaker that only opens when a test asks for it
 * (`extra.breaker`).
 */
export function readerOptionsFor(
  sim: VistaSimulator,
  extra: Partial<VistaReaderOptions> = {},
): VistaReaderOptions {
  return {
    server: sim.host,
    port: sim.port,
    database: 'Viewpoint',
    user: 'sync',
    password: 'secret',
    encrypt: false,
    company: 1,
    recentJobWindowDays: FIXTURE_WINDOW_DAYS,
    retry: { retries: 2, minDelayMs: 10, maxDelayMs: 50 },
    breaker: { volumeThreshold: 100 },
    ...extra,
  };
}

/** Switches off every fault a test set on the simulator. */
export function clearTestFaults(sim: VistaSimulator): void {
  for (const key of Object.keys(sim.testFaults)) delete (sim.testFaults as Record<string, unknown>)[key];
}
