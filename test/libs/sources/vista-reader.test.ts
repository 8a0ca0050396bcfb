import { expect } from 'chai';
import Database from 'better-sqlite3';
import { startVistaSimulator, type VistaSimulator } from '../../../apps/simulators/vista/server.js';
import { createVistaReader } from '../../../libs/sources/vista/reader.js';
import {
  DEPARTMENTS_SQL,
  JOBS_SQL,
  employeesSql,
  recentJobsSql,
} from '../../../libs/sources/vista/queries.js';
import type { VistaReader } from '../../../libs/sources/vista/types.js';
import { metricsRegistry } from '../../../libs/platform/metrics.js';
import {
  FIXTURE_AS_OF,
  createVistaFixtureFile,
  fillStandardFixture,
  type VistaFixtureFile,
  clearTestFaults,
  readerOptionsFor,
} from '../../support/vista-fixture.js';

/**
 * What SQLite holds for `sql`, converted the way SQL Server types it: datetime text → Date (UTC), char(n)
 * padded to n. The reader's SQL is valid SQLite, so the data file itself gives the expected answer.
 */
function expectedFromSqlite(
  file: string,
  sql: string,
  values: Record<string, unknown>,
): Record<string, unknown>[] {
  const db = new Database(file, { readonly: true });
  try {
    const statement = db.prepare(sql);
    const columns = statement.columns();
    return (statement.all(values) as Record<string, unknown>[]).map((row) => {
      const out: Record<string, unknown> = {};
      for (const c of columns) {
        const value = row[c.name];
        const type = (c.type ?? '').toLowerCase();
        const char = /^char\((\d+)\)/.exec(type);
        if (value !== null && type === 'datetime')
          out[c.name] = new Date(`${String(value).replace(' ', 'T')}Z`);
        else if (value !== null && char) out[c.name] = String(value).padEnd(Number(char[1]), ' ');
        else out[c.name] = value;
      }
      return out;
    });
  } finally {
    db.close();
  }
}

describe('Vista reader through the TDS simulator (real mssql driver)', function () {
  let fixture: VistaFixtureFile;
  let simulator: VistaSimulator;
  let reader: VistaReader;

  before(async () => {
    fixture = createVistaFixtureFile(fillStandardFixture);
    simulator = await startVistaSimulator({ dataFile: fixture.file });
    reader = createVistaReader(readerOptionsFor(simulator));
  });

  after(async () => {
    await reader.close();
    await simulator.close();
    fixture.remove();
  });

  afterEach(() => clearTestFaults(simulator));

  it('reads departments as SQLite holds them, company 1 only', async () => {
    const rows = await reader.readDepartments();
    expect(rows).to.deep.equal(expectedFromSqlite(fixture.file, DEPARTMENTS_SQL, { company: 1 }));
    expect(rows.map((r) => r.PRDept)).to.deep.equal(['10', '20']);
    expect(rows[1]?.udRegion).to.equal(null);
  });

  it('reads open jobs of company 1 with their department, Job untrimmed', async () => {
    const rows = await reader.readJobs();
    expect(rows).to.deep.equal(expectedFromSqlite(fixture.file, JOBS_SQL, { company: 1 }));
    expect(rows.map((r) => [r.Job, r.Department])).to.deep.equal([
      ['10001.', '10'],
      ['10002.', '20'],
      ['10004.', null],
    ]);
    expect(rows[0]?.ShipState).to.equal('LA ');
  });

  it('reads active employees of company 1 with numbers, Dates and padded char', async () => {
    const rows = await reader.readEmployees();
    expect(rows).to.deep.equal(expectedFromSqlite(fixture.file, employeesSql(false), { company: 1 }));
    expect(rows.map((r) => r.Employee)).to.deep.equal([100, 101, 104]);
    const first = rows[0];
    expect(first?.Employee).to.be.a('number');
    expect(first?.HireDate).to.be.instanceOf(Date);
    expect((first?.HireDate as Date).toISOString()).to.equal('2015-07-01T00:00:00.000Z');
    expect(first?.Sex).to.equal('F');
    expect(first?.FirstName).to.equal('First100');
    expect(rows[1]?.BirthDate).to.equal(null);
    expect(rows[2]?.Sex).to.equal(' ');
  });

  it('reads one employee when asked', async () => {
    const rows = await reader.readEmployees({ employee: 104 });
    expect(rows.map((r) => r.Employee)).to.deep.equal([104]);
    expect(await reader.readEmployees({ employee: 102 })).to.deep.equal([]);
  });

  it('reads the latest open job per employee in the window: company filter, JCCo = PRCo, highest Job on a tie', async () => {
    const rows = await reader.readRecentJobs(FIXTURE_AS_OF);
    const since = new Date('2024-04-21T00:00:00Z');
    expect(rows).to.deep.equal(
      expectedFromSqlite(fixture.file, recentJobsSql(false), { company: 1, since: '2024-04-21 00:00:00' }),
    );
    expect(rows).to.deep.equal([
      { Employee: 100, Job: '10002.', PREndDate: new Date('2024-05-24T00:00:00Z') },
      { Employee: 104, Job: '10004.', PREndDate: new Date('2024-06-14T00:00:00Z') },
    ]);
    for (const row of rows) expect((row.PREndDate as Date).getTime()).to.be.at.least(since.getTime());
  });

  it('narrows recent jobs to one employee and includes the whole first day of the window', async () => {
    expect(await reader.readRecentJobs(FIXTURE_AS_OF, { employee: 104 })).to.have.length(1);
    expect(await reader.readRecentJobs(FIXTURE_AS_OF, { employee: 101 })).to.deep.equal([]);
    // Employee 101's only posting ends 2023-11-03. A 10-day window from 2023-11-13 23:00Z starts on 11-03: in.
    const tenDays = createVistaReader(readerOptionsFor(simulator, { recentJobWindowDays: 10 }));
    try {
      const inside = await tenDays.readRecentJobs(new Date('2023-11-13T23:00:00Z'), { employee: 101 });
      expect(inside).to.deep.equal([
        { Employee: 101, Job: '10001.', PREndDate: new Date('2023-11-03T00:00:00Z') },
      ]);
      const outside = await tenDays.readRecentJobs(new Date('2023-11-14T01:00:00Z'), { employee: 101 });
      expect(outside).to.deep.equal([]);
    } finally {
      await tenDays.close();
    }
  });

  it('reads company 2 when configured for it, and never company 1 rows', async () => {
    const other = createVistaReader(readerOptionsFor(simulator, { company: 2 }));
    try {
      const employees = await other.readEmployees();
      expect(employees.map((r) => [r.Employee, r.FirstName])).to.deep.equal([
        [100, 'OtherCompany'],
        [200, 'First200'],
      ]);
      const recent = await other.readRecentJobs(FIXTURE_AS_OF);
      expect(recent.map((r) => [r.Employee, r.Job])).to.deep.equal([
        [100, '10001.'],
        [104, '20001.'],
        [200, '20001.'],
      ]);
      expect((await other.readDepartments()).map((d) => d.Description)).to.deep.equal(['Other company']);
    } finally {
      await other.close();
    }
  });

  it('reports health from its own pool with SELECT 1', async () => {
    const health = await reader.health();
    expect(health.ok).to.equal(true);
    expect(health.detail).to.match(/pool connected: \d+ connection/);
  });

  it('publishes the breaker state gauge for source vista', async () => {
    const text = await metricsRegistry.getSingleMetricAsString('safetyamp_source_breaker_state');
    expect(text).to.match(/safetyamp_source_breaker_state\{source="vista"\} 0/);
  });

  it('publishes its pool on /metrics: connections by state and the time queries waited for one', async () => {
    const count = async (): Promise<number> => {
      const metric = await metricsRegistry.getSingleMetric('safetyamp_mssql_pool_acquire_seconds')?.get();
      const sample = (
        metric?.values as { metricName?: string; labels: Record<string, unknown>; value: number }[]
      ).find(
        (v) => v.metricName === 'safetyamp_mssql_pool_acquire_seconds_count' && v.labels.outcome === 'ok',
      );
      return Number(sample?.value ?? 0);
    };
    const before = await count();
    await reader.readDepartments();
    await reader.readJobs();
    expect(await count()).to.be.at.least(before + 2);
    const text = await metricsRegistry.metrics();
    const size = Number(/^safetyamp_mssql_pool_size\{source="vista"\} (\d+)/m.exec(text)?.[1]);
    expect(size).to.be.greaterThan(0);
    expect(text).to.match(/^safetyamp_mssql_pool_pending\{source="vista"\} 0$/m);
  });
});
