import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import sql from 'mssql';
import { binaryChecksum } from '../../apps/simulators/vista/binary-checksum.js';
import { startVistaSimulator, type VistaSimulator } from '../../apps/simulators/vista/server.js';
import { createVistaFixtureFile, insertRows, type VistaFixtureFile } from '../support/vista-fixture.js';

function poolFor(sim: VistaSimulator, extra: Partial<sql.config> = {}): sql.ConnectionPool {
  return new sql.ConnectionPool({
    ...extra,
    server: sim.host,
    port: sim.port,
    database: 'Viewpoint',
    user: 'anyone',
    password: 'anything',
    pool: { max: 1 },
    options: { encrypt: false },
  });
}

function write(file: string, statement: string): void {
  const db = new Database(file);
  try {
    db.exec(statement);
  } finally {
    db.close();
  }
}

async function one<T>(pool: sql.ConnectionPool, text: string): Promise<T> {
  return (await pool.request().query(text)).recordset[0] as T;
}

describe('BINARY_CHECKSUM stand-in (pure)', function () {
  it('is a stable signed 32-bit number that tells values, types, case and argument order apart', function () {
    const base = binaryChecksum([100, 'Ann', null, '2024-01-01 00:00:00']);
    expect(binaryChecksum([100, 'Ann', null, '2024-01-01 00:00:00'])).to.equal(base);
    expect(Number.isInteger(base) && base >= -(2 ** 31) && base < 2 ** 31).to.equal(true);
    for (const other of [
      [101, 'Ann', null, '2024-01-01 00:00:00'],
      [100, 'ann', null, '2024-01-01 00:00:00'],
      [100, 'Ann ', null, '2024-01-01 00:00:00'],
      [100, 'Ann', '', '2024-01-01 00:00:00'],
      ['100', 'Ann', null, '2024-01-01 00:00:00'],
      ['Ann', 100, null, '2024-01-01 00:00:00'],
      [100, 'An', 'n', '2024-01-01 00:00:00'],
    ]) {
      expect(binaryChecksum(other), JSON.stringify(other)).to.not.equal(base);
    }
  });
});

describe('Vista simulator: the SQL Server functions of change detection, over TDS', function () {
  let fixture: VistaFixtureFile;
  let simulator: VistaSimulator;
  let pool: sql.ConnectionPool;

  before(async () => {
    fixture = createVistaFixtureFile((db) =>
      insertRows(db, 'bPRDP', [
        { PRCo: 1, PRDept: '10', Description: 'Electrical', udRegion: 'EPC' },
        { PRCo: 1, PRDept: '20', Description: 'Civil', udRegion: null },
        { PRCo: 1, PRDept: '30', Description: null, udRegion: null },
      ]),
    );
    simulator = await startVistaSimulator({ dataFile: fixture.file });
    pool = poolFor(simulator);
    await pool.connect();
  });

  after(async () => {
    await pool.close();
    await simulator.close();
    fixture.remove();
  });

  it('BINARY_CHECKSUM returns the int of the stand-in for the row values', async () => {
    const row = await one<{ c: number }>(
      pool,
      "SELECT BINARY_CHECKSUM(PRDept, Description, udRegion) AS c FROM bPRDP WHERE PRDept = '10'",
    );
    expect(row.c).to.equal(binaryChecksum(['10', 'Electrical', 'EPC']));
  });

  it('CHECKSUM_AGG XORs the int values, skips NULLs, does not depend on order, and is NULL over no rows', async () => {
    const rows = (await pool.request().query('SELECT BINARY_CHECKSUM(PRDept, Description) AS c FROM bPRDP'))
      .recordset as { c: number }[];
    const xor = rows.reduce((total, r) => total ^ r.c, 0);
    const agg = await one<{ a: number; d: number; n: number | null; m: number }>(
      pool,
      `SELECT CHECKSUM_AGG(BINARY_CHECKSUM(PRDept, Description)) AS a,
              (SELECT CHECKSUM_AGG(c) FROM (SELECT BINARY_CHECKSUM(PRDept, Description) AS c FROM bPRDP ORDER BY PRDept DESC) X) AS d,
              (SELECT CHECKSUM_AGG(PRCo) FROM bPRDP WHERE PRCo = 9) AS n,
              (SELECT CHECKSUM_AGG(LENGTH(Description)) FROM bPRDP) AS m
       FROM bPRDP`,
    );
    expect(agg.a).to.equal(xor);
    expect(agg.d).to.equal(xor);
    expect(agg.n).to.equal(null);
    expect(agg.m).to.equal(10 ^ 5); // 'Electrical', 'Civil'; the NULL description is skipped
  });

  it('COUNT_BIG(*) counts rows, COUNT_BIG(x) the non-NULL x, and CONCAT/CAST give the digits as text', async () => {
    const row = await one<{ all: number; regions: number; text: string; cast: string }>(
      pool,
      `SELECT COUNT_BIG(*) AS "all", COUNT_BIG(udRegion) AS regions, CONCAT('n:', COUNT_BIG(*)) AS text,
              CAST(COUNT_BIG(*) AS varchar(20)) AS "cast"
       FROM bPRDP`,
    );
    expect(row).to.deep.equal({ all: 3, regions: 1, text: 'n:3', cast: '3' });
  });

  it('refuses BINARY_CHECKSUM(*) with a clear error rather than hashing nothing', async () => {
    const error = await pool
      .request()
      .query('SELECT BINARY_CHECKSUM(*) AS c FROM bPRDP')
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    expect(error?.message).to.match(/BINARY_CHECKSUM\(\*\) is not supported/);
  });

  it('answers NULL for CHANGE_TRACKING_CURRENT_VERSION() and lists no tracked table by default', async () => {
    const row = await one<{ v: unknown; tracked: number; id: number; name: string }>(
      pool,
      `SELECT CHANGE_TRACKING_CURRENT_VERSION() AS v,
              (SELECT COUNT(*) FROM sys.change_tracking_tables) AS tracked,
              OBJECT_ID('bPREH') AS id, OBJECT_NAME(OBJECT_ID('dbo.bPREH')) AS name`,
    );
    expect(row.v).to.equal(null);
    expect(row.tracked).to.equal(0);
    expect(row.id).to.be.a('number');
    expect(row.name).to.equal('bPREH');
  });

  it('counts the requests that ran a statement: one per query, none for the login', async () => {
    // mssql checks a pooled connection with a `SELECT 1` of its own unless told to look at the socket only.
    const fresh = poolFor(simulator, { validateConnection: 'socket' });
    const before = simulator.requests().length;
    try {
      await fresh.connect();
      expect(simulator.requests().length).to.equal(before);
      await fresh
        .request()
        .input('d', sql.VarChar, '10')
        .query('SELECT Description FROM bPRDP WHERE PRDept = @d');
      await fresh.request().batch('SELECT 1 AS a; SELECT 2 AS b');
    } finally {
      await fresh.close();
    }
    const ran = simulator.requests().slice(before);
    expect(ran.map((r) => r.kind)).to.deep.equal(['rpc', 'batch']);
    expect(ran[0]?.sql).to.equal('SELECT Description FROM bPRDP WHERE PRDept = @d');
  });
});

describe('Vista simulator with change tracking switched on', function () {
  let fixture: VistaFixtureFile;
  let simulator: VistaSimulator | undefined;
  let pool: sql.ConnectionPool | undefined;

  beforeEach(() => {
    fixture = createVistaFixtureFile((db) =>
      insertRows(db, 'bPRDP', [{ PRCo: 1, PRDept: '10', Description: 'Electrical', udRegion: 'EPC' }]),
    );
  });

  afterEach(async () => {
    await pool?.close();
    await simulator?.close();
    fixture.remove();
  });

  async function start(changeTracking: boolean | { tables: string[] }): Promise<sql.ConnectionPool> {
    simulator = await startVistaSimulator({ dataFile: fixture.file, changeTracking });
    pool = poolFor(simulator);
    await pool.connect();
    return pool;
  }

  const version = async (p: sql.ConnectionPool) =>
    (await one<{ v: number }>(p, 'SELECT CHANGE_TRACKING_CURRENT_VERSION() AS v')).v;

  it('bumps the version on every insert, update and delete of a tracked table, whoever writes', async () => {
    const p = await start(true);
    const versions = [await version(p)];
    write(fixture.file, "INSERT INTO bPREH (PRCo, Employee, HireDate) VALUES (1, 1, '2020-01-01 00:00:00')");
    versions.push(await version(p));
    write(fixture.file, "UPDATE bPRDP SET Description = 'Electric' WHERE PRDept = '10'");
    versions.push(await version(p));
    write(fixture.file, 'DELETE FROM bPREH');
    versions.push(await version(p));
    write(fixture.file, 'UPDATE bPRDP SET Description = Description WHERE 0 = 1'); // touches no row
    versions.push(await version(p));

    expect(versions).to.deep.equal([0, 1, 2, 3, 3]);
  });

  it('lists the tracked tables in sys.change_tracking_tables and leaves the others alone', async () => {
    const p = await start({ tables: ['bPREH', 'bPRDP'] });
    const tracked = (
      await p.request().query('SELECT OBJECT_NAME(object_id) AS name FROM sys.change_tracking_tables')
    ).recordset.map((r: { name: string }) => r.name);
    write(
      fixture.file,
      "INSERT INTO bPRJC (PRCo, PREndDate, Job, Employee) VALUES (1, '2024-01-05 00:00:00', 'J', 1)",
    );
    const afterUntracked = await version(p);
    write(fixture.file, 'INSERT INTO bPREH (PRCo, Employee) VALUES (1, 2)');

    expect(tracked.sort()).to.deep.equal(['bPRDP', 'bPREH']);
    expect(afterUntracked).to.equal(0);
    expect(await version(p)).to.equal(1);
  });

  it('keeps the version across restarts and refuses a table the data file lacks', async () => {
    const first = await start(true);
    write(fixture.file, "UPDATE bPRDP SET Description = 'x'");
    expect(await version(first)).to.equal(1);
    await first.close();
    await simulator?.close();
    const second = await start(true);
    expect(await version(second)).to.equal(1);

    const error = await startVistaSimulator({
      dataFile: fixture.file,
      changeTracking: { tables: ['bNOPE'] },
    }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.match(/bNOPE is not in/);
  });

  it('is offered by the CLI as --change-tracking, described in --help', function () {
    const help = spawnSync(process.execPath, ['bin/fleet.js', 'simulate', 'vista', '--help'], {
      encoding: 'utf8',
    });
    expect(help.status).to.equal(0);
    expect(help.stdout).to.match(/--change-tracking\s+SQL Server change tracking/);
  });
});
