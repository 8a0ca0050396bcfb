import { expect } from 'chai';
import Database from 'better-sqlite3';
import { startVistaSimulator, type VistaSimulator } from '../../../apps/simulators/vista/server.js';
import type { VistaChangeFingerprint } from '../../../libs/sources/vista/change-fingerprint.js';
import { createVistaReader } from '../../../libs/sources/vista/reader.js';
import type { VistaReader } from '../../../libs/sources/vista/types.js';
import {
  FIXTURE_AS_OF,
  createVistaFixtureFile,
  fillStandardFixture,
  insertRows,
  readerOptionsFor,
  type VistaFixtureFile,
} from '../../support/vista-fixture.js';

const DAY = 86_400_000;

/** Writes to the data file as Vista's own users would, from another connection. */
function write(file: string, sql: string, values: Record<string, unknown> = {}): void {
  const db = new Database(file);
  try {
    db.prepare(sql).run(values);
  } finally {
    db.close();
  }
}

function changedParts(before: VistaChangeFingerprint, after: VistaChangeFingerprint): string[] {
  return (Object.keys(before) as (keyof VistaChangeFingerprint)[]).filter((p) => before[p] !== after[p]);
}

describe('Vista change fingerprint through the TDS simulator (real mssql driver)', function () {
  let fixture: VistaFixtureFile;
  let simulator: VistaSimulator;
  let reader: VistaReader;

  async function start(changeTracking?: boolean | { tables: string[] }): Promise<void> {
    simulator = await startVistaSimulator({ dataFile: fixture.file, changeTracking });
    reader = createVistaReader(readerOptionsFor(simulator));
  }

  /** The fingerprint as of `asOf`, asserting it cost exactly one request that ran one statement. */
  async function fingerprint(asOf = FIXTURE_AS_OF): Promise<VistaChangeFingerprint> {
    const before = simulator.requests().length;
    const result = await reader.readChangeFingerprint(asOf);
    const requests = simulator.requests().slice(before);
    expect(requests, 'round trips of one fingerprint').to.have.length(1);
    expect(requests[0]?.sql).to.match(/^\s*SELECT '\w+' AS Part/);
    return result;
  }

  beforeEach(() => {
    fixture = createVistaFixtureFile(fillStandardFixture);
  });

  afterEach(async () => {
    await reader?.close();
    await simulator?.close();
    fixture.remove();
  });

  describe('by checksum (no change tracking)', function () {
    beforeEach(async () => {
      await start();
      await reader.health(); // the pool's connection is logged in before round trips are counted
    });

    it('is unchanged when nothing changed, one round trip per call', async () => {
      const first = await fingerprint();
      const second = await fingerprint();

      expect(second).to.deep.equal(first);
      expect(Object.keys(first).sort()).to.deep.equal(['departments', 'employees', 'jobs', 'recentJobs']);
      expect(new Set(Object.values(first)).size).to.equal(4);
      expect(first.employees).to.match(/^checksum:3:-?\d+$/); // employees 100, 101, 104 of company 1
    });

    it('changes on an inserted employee, and only for employees', async () => {
      const before = await fingerprint();
      const db = new Database(fixture.file);
      try {
        insertRows(db, 'bPREH', [
          { PRCo: 1, Employee: 105, FirstName: 'New', LastName: 'Hire', HireDate: '2024-06-01 00:00:00' },
        ]);
      } finally {
        db.close();
      }
      expect(changedParts(before, await fingerprint())).to.deep.equal(['employees']);
    });

    it('changes on an update of a synced employee field: phone, then title', async () => {
      const before = await fingerprint();
      write(fixture.file, "UPDATE bPREH SET Phone = '337-555-0199' WHERE PRCo = 1 AND Employee = 100");
      const afterPhone = await fingerprint();
      write(fixture.file, "UPDATE bPREH SET udEmpTitle = 'Foreman' WHERE PRCo = 1 AND Employee = 100");
      const afterTitle = await fingerprint();

      expect(changedParts(before, afterPhone)).to.deep.equal(['employees']);
      expect(changedParts(afterPhone, afterTitle)).to.deep.equal(['employees']);
    });

    it('changes on a termination', async () => {
      const before = await fingerprint();
      write(
        fixture.file,
        "UPDATE bPREH SET TermDate = '2024-06-19 00:00:00' WHERE PRCo = 1 AND Employee = 104",
      );
      const after = await fingerprint();

      expect(changedParts(before, after)).to.deep.equal(['employees']);
      expect(after.employees).to.match(/^checksum:2:/);
    });

    it('changes when a job an employee works on changes: its address, its contract department, its status', async () => {
      const start = await fingerprint();
      write(fixture.file, "UPDATE bJCJM SET ShipCity = 'Westlake' WHERE JCCo = 1 AND Job = '10002.'");
      const afterAddress = await fingerprint();
      write(fixture.file, "UPDATE bJCCM SET Department = '20' WHERE JCCo = 1 AND Contract = 'C1.'");
      const afterDepartment = await fingerprint();
      write(fixture.file, "UPDATE bJCJM SET JobStatus = 2 WHERE JCCo = 1 AND Job = '10002.'");
      const afterClosing = await fingerprint();

      expect(changedParts(start, afterAddress)).to.deep.equal(['jobs']);
      expect(changedParts(afterAddress, afterDepartment)).to.deep.equal(['jobs']);
      // Employee 100's latest postings are on 10002.: closing it changes the open jobs and the recent jobs.
      expect(changedParts(afterDepartment, afterClosing)).to.deep.equal(['jobs', 'recentJobs']);
    });

    it('changes on a new posting inside the window, not on one before it', async () => {
      const before = await fingerprint();
      write(
        fixture.file,
        "INSERT INTO bPRJC (PRCo, PREndDate, Job, Employee) VALUES (1, '2024-03-01 00:00:00', '10001.', 101)",
      );
      const afterOld = await fingerprint();
      write(
        fixture.file,
        "INSERT INTO bPRJC (PRCo, PREndDate, Job, Employee) VALUES (1, '2024-06-14 00:00:00', '10001.', 101)",
      );
      const afterNew = await fingerprint();

      expect(afterOld).to.deep.equal(before);
      expect(changedParts(afterOld, afterNew)).to.deep.equal(['recentJobs']);
    });

    it('catches two identical new postings, which cancel out of the XOR, by the row count', async () => {
      const before = await fingerprint();
      const posting =
        "INSERT INTO bPRJC (PRCo, PREndDate, Job, Employee, Class) VALUES (1, '2024-06-14 00:00:00', '10001.', 101, 'JMAN')";
      write(fixture.file, posting);
      write(fixture.file, posting); // bPRJC has no key: the same pay-period line twice
      const after = await fingerprint();

      const [, rowsBefore, xorBefore] = before.recentJobs.split(':');
      const [, rowsAfter, xorAfter] = after.recentJobs.split(':');
      expect(changedParts(before, after)).to.deep.equal(['recentJobs']);
      expect(xorAfter).to.equal(xorBefore);
      expect(Number(rowsAfter)).to.equal(Number(rowsBefore) + 2);
    });

    it('changes when the window moves past a posting, and not when it moves past none', async () => {
      // As of 2024-06-20 the 60-day window starts 2024-04-21; the oldest posting in it is 2024-05-10.
      const asOf = await fingerprint(FIXTURE_AS_OF);
      const dayLater = await fingerprint(new Date(FIXTURE_AS_OF.getTime() + DAY));
      const pastFirstPosting = await fingerprint(new Date(FIXTURE_AS_OF.getTime() + 20 * DAY));

      expect(dayLater).to.deep.equal(asOf);
      expect(changedParts(asOf, pastFirstPosting)).to.deep.equal(['recentJobs']);
    });

    it('ignores what the reads do not return: other companies, unsynced columns, closed jobs', async () => {
      const before = await fingerprint();
      write(fixture.file, "UPDATE bPREH SET Phone = '000' WHERE PRCo = 2");
      write(fixture.file, "UPDATE bPRDP SET Description = 'Renamed' WHERE PRCo = 2");
      write(fixture.file, "UPDATE bPREH SET SortName = 'RESORTED' WHERE PRCo = 1 AND Employee = 100");
      write(
        fixture.file,
        "UPDATE bJCJM SET Description = 'Closed job renamed' WHERE JCCo = 1 AND Job = '10003.'",
      );

      expect(await fingerprint()).to.deep.equal(before);
    });

    it('changes on a renamed department', async () => {
      const before = await fingerprint();
      write(
        fixture.file,
        "UPDATE bPRDP SET Description = 'Electrical & Instrumentation' WHERE PRCo = 1 AND PRDept = '10'",
      );
      expect(changedParts(before, await fingerprint())).to.deep.equal(['departments']);
    });
  });

  describe('with SQL Server change tracking', function () {
    it('learns the tracked tables from its first answer and then uses the version, one round trip each', async () => {
      await start(true);
      await reader.health();
      const learning = await fingerprint();
      const tracked = await fingerprint();
      const again = await fingerprint();
      write(fixture.file, "UPDATE bPREH SET Phone = '337-555-0199' WHERE PRCo = 1 AND Employee = 100");
      const afterWrite = await fingerprint();

      expect(learning.employees).to.match(/^checksum:/);
      expect(tracked).to.deep.equal({
        departments: 'ct:0',
        jobs: 'ct:0',
        employees: 'ct:0',
        recentJobs: 'ct:0:since:2024-04-21T00:00:00.000Z',
      });
      expect(again).to.deep.equal(tracked);
      // The version is database-wide: every tracked part moves (coarse, never blind).
      expect(changedParts(tracked, afterWrite)).to.deep.equal([
        'departments',
        'jobs',
        'employees',
        'recentJobs',
      ]);
      expect(afterWrite.employees).to.match(/^ct:[1-9]\d*$/);
    });

    it('still sees the window move under change tracking', async () => {
      await start(true);
      await fingerprint();
      const today = await fingerprint();
      const tomorrow = await fingerprint(new Date(FIXTURE_AS_OF.getTime() + DAY));

      expect(changedParts(today, tomorrow)).to.deep.equal(['recentJobs']);
    });

    it('mixes the version and checksums in one query when only some tables are tracked', async () => {
      // bPRJC has no primary key in Vista's schema, so SQL Server cannot track it: recentJobs stays on checksums.
      await start({ tables: ['bPRDP', 'bJCJM', 'bJCCM', 'bPREH'] });
      await fingerprint();
      const mixed = await fingerprint();
      write(
        fixture.file,
        "INSERT INTO bPRJC (PRCo, PREndDate, Job, Employee) VALUES (1, '2024-06-14 00:00:00', '10001.', 101)",
      );
      const afterPosting = await fingerprint();

      expect(mixed.employees).to.equal('ct:0');
      expect(mixed.recentJobs).to.match(/^checksum:/);
      expect(changedParts(mixed, afterPosting)).to.deep.equal(['recentJobs']);
    });

    it('falls back to checksums, at the cost of a second query, when tracking was switched off meanwhile', async () => {
      await start(true);
      await fingerprint();
      expect((await fingerprint()).employees).to.equal('ct:0');
      const port = simulator.port;
      await simulator.close();
      // The DBA switched change tracking off and the server restarted; the reader is the same.
      simulator = await startVistaSimulator({ dataFile: fixture.file, port });
      const before = simulator.requests().length;
      const fallback = await reader.readChangeFingerprint(FIXTURE_AS_OF);

      expect(fallback.employees).to.match(/^checksum:3:/);
      expect(simulator.requests().length - before).to.equal(2);
      expect((await fingerprint()).employees).to.equal(fallback.employees);
    });
  });
});
