import { expect } from 'chai';
import sql from 'mssql';
import { startVistaSimulator, type VistaSimulator } from '../../apps/simulators/vista/server.js';
import {
  createVistaFixtureFile,
  insertRows,
  type VistaFixtureFile,
  clearTestFaults,
} from '../support/vista-fixture.js';

const ROWS = 3000;

function poolFor(sim: VistaSimulator, extra: Partial<sql.config> = {}): sql.ConnectionPool {
  return new sql.ConnectionPool({
    server: sim.host,
    port: sim.port,
    database: 'Viewpoint',
    user: 'anyone',
    password: 'anything',
    requestTimeout: 400,
    pool: { max: 1 },
    ...extra,
    options: { encrypt: false, ...extra.options },
  });
}

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string; number?: number }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string; number?: number };
  }
  throw new Error('expected a failure');
}

describe('Vista TDS simulator with the real mssql driver', function () {
  let fixture: VistaFixtureFile;
  let simulator: VistaSimulator;
  let pool: sql.ConnectionPool;

  before(async () => {
    fixture = createVistaFixtureFile((db) => {
      const rows = [];
      for (let i = 1; i <= ROWS; i++) {
        rows.push({
          PRCo: 1,
          PREndDate: `2024-01-${String((i % 28) + 1).padStart(2, '0')} 00:00:00`,
          Job: `J${i}`,
          Employee: i,
        });
      }
      insertRows(db, 'bPRJC', rows);
      insertRows(db, 'bPREH', [
        { PRCo: 1, Employee: 7, FirstName: 'Ann', Sex: 'F', HireDate: '2020-05-06 07:08:09' },
      ]);
    });
    simulator = await startVistaSimulator({ dataFile: fixture.file });
    pool = poolFor(simulator);
    await pool.connect();
  });

  after(async () => {
    await pool.close();
    await simulator.close();
    fixture.remove();
  });

  afterEach(() => clearTestFaults(simulator));

  it('answers SELECT 1 and typed columns (int, tinyint, varchar, char, datetime)', async () => {
    expect((await pool.request().query('SELECT 1 AS ok')).recordset).to.deep.equal([{ ok: 1 }]);
    const result = await pool
      .request()
      .query('SELECT PRCo, Employee, FirstName, Sex, HireDate, TermDate FROM bPREH');
    expect(result.recordset).to.deep.equal([
      {
        PRCo: 1,
        Employee: 7,
        FirstName: 'Ann',
        Sex: 'F',
        HireDate: new Date('2020-05-06T07:08:09Z'),
        TermDate: null,
      },
    ]);
    const columns = result.recordset.columns;
    expect(columns.PRCo?.type).to.equal(sql.TinyInt);
    expect(columns.Employee?.type).to.equal(sql.Int);
    expect(columns.FirstName?.type).to.equal(sql.VarChar);
    expect(columns.Sex?.type).to.equal(sql.Char);
    expect(columns.HireDate?.type).to.equal(sql.DateTime);
  });

  it('binds sp_executesql parameters of the types mssql sends', async () => {
    const request = pool
      .request()
      .input('tiny', sql.TinyInt, 7)
      .input('int', sql.Int, -5)
      .input('big', sql.BigInt, 9007199254740991)
      .input('bit', sql.Bit, true)
      .input('nv', sql.NVarChar, 'Zoë 🚧')
      .input('v', sql.VarChar(20), 'plain')
      .input('dt', sql.DateTime, new Date('2024-01-05T10:20:30Z'))
      .input('dt2', sql.DateTime2, new Date('2024-01-05T10:20:30.5Z'))
      .input('d', sql.Date, new Date('2024-01-05T00:00:00Z'))
      .input('nothing', sql.Int, null);
    const { recordset } = await request.query(
      'SELECT @tiny AS tiny, @int AS i, @big AS big, @bit AS b, @nv AS nv, @v AS v, @dt AS dt, @dt2 AS dt2, @d AS d, @nothing AS n',
    );
    expect(recordset).to.deep.equal([
      {
        tiny: 7,
        i: -5,
        big: '9007199254740991',
        b: 1,
        nv: 'Zoë 🚧',
        v: 'plain',
        dt: '2024-01-05 10:20:30',
        dt2: '2024-01-05 10:20:30.500',
        d: '2024-01-05 00:00:00',
        n: null,
      },
    ]);
    const byDate = await pool
      .request()
      .input('since', sql.DateTime, new Date('2020-05-06T07:08:09Z'))
      .query('SELECT Employee FROM bPREH WHERE HireDate >= @since');
    expect(byDate.recordset).to.deep.equal([{ Employee: 7 }]);
  });

  it('streams a large result in packets of the negotiated size', async () => {
    const small = poolFor(simulator, { options: { encrypt: false, packetSize: 512 } });
    await small.connect();
    try {
      const { recordset } = await small
        .request()
        .query('SELECT Employee, Job, PREndDate FROM bPRJC ORDER BY Employee');
      expect(recordset).to.have.length(ROWS);
      expect(recordset[ROWS - 1]).to.deep.equal({
        Employee: ROWS,
        Job: `J${ROWS}`,
        PREndDate: new Date(`2024-01-${String((ROWS % 28) + 1).padStart(2, '0')}T00:00:00Z`),
      });
    } finally {
      await small.close();
    }
  });

  it('runs a batch of several statements, taking SET lines as no-ops', async () => {
    const result = await pool
      .request()
      .batch(
        'SET NOCOUNT ON;\nSELECT COUNT(*) AS n FROM bPRJC;\nset ansi_nulls on\nSELECT Employee FROM bPREH',
      );
    expect(result.recordsets).to.deep.equal([[{ n: ROWS }], [{ Employee: 7 }]]);
  });

  it('rejects bad SQL with a clear error number and message, and the connection stays usable', async () => {
    const syntax = await failure(pool.request().query('SELECT TOP 1 Employee FROM bPREH'));
    expect(syntax.number).to.equal(102);
    expect(syntax.message).to.match(/syntax error/);
    const missing = await failure(pool.request().query('SELECT * FROM bNOPE'));
    expect(missing.number).to.equal(208);
    expect(missing.message).to.match(/no such table: bNOPE/);
    const readOnly = await failure(pool.request().query('DELETE FROM bPREH'));
    expect(readOnly.message).to.match(/readonly/);
    expect((await pool.request().query('SELECT COUNT(*) AS n FROM bPREH')).recordset).to.deep.equal([
      { n: 1 },
    ]);
  });

  it('cancels a slow query on the request timeout (ATTENTION) and serves the next one on the same connection', async () => {
    Object.assign(simulator.testFaults, { match: 'FROM bPRJC', delayMs: 10_000 });
    const err = await failure(pool.request().query('SELECT COUNT(*) AS n FROM bPRJC'));
    expect(err.code).to.equal('ETIMEOUT');
    delete simulator.testFaults.delayMs;
    expect((await pool.request().query('SELECT COUNT(*) AS n FROM bPRJC')).recordset).to.deep.equal([
      { n: ROWS },
    ]);
    expect(pool.size).to.equal(1);
  });

  it('stops sending rows when a streaming request is cancelled mid-result', async () => {
    const request = pool.request();
    request.stream = true;
    let rows = 0;
    let error: Error | undefined;
    await new Promise<void>((resolve) => {
      request.on('row', () => {
        rows++;
        if (rows === 100) request.cancel();
      });
      request.on('error', (err: Error) => (error = err));
      request.on('done', () => resolve());
      void request.query('SELECT * FROM bPRJC');
    });
    expect(error?.message).to.match(/Canceled/);
    expect(rows).to.be.below(ROWS);
    expect((await pool.request().query('SELECT COUNT(*) AS n FROM bPRJC')).recordset).to.deep.equal([
      { n: ROWS },
    ]);
  });

  it('surfaces a connection cut mid-result as an error, and the next query succeeds', async () => {
    Object.assign(simulator.testFaults, { match: 'FROM bPRJC', destroyAfterRows: 50 });
    const err = await failure(pool.request().query('SELECT * FROM bPRJC'));
    expect(err.message).to.match(/socket hang up|Connection lost|closed/i);
    delete simulator.testFaults.destroyAfterRows;
    expect((await pool.request().query('SELECT COUNT(*) AS n FROM bPRJC')).recordset).to.deep.equal([
      { n: ROWS },
    ]);
  });

  it('refuses a wrong login when a user and password are set, and accepts the right one', async () => {
    const guarded = await startVistaSimulator({ dataFile: fixture.file, user: 'sync', password: 's3cret' });
    const wrong = poolFor(guarded, { user: 'sync', password: 'nope' });
    const right = poolFor(guarded, { user: 'sync', password: 's3cret' });
    try {
      const err = await failure(wrong.connect());
      expect(err.code).to.equal('ELOGIN');
      expect(err.message).to.match(/Login failed for user 'sync'/);
      await right.connect();
      expect((await right.request().query('SELECT 1 AS ok')).recordset).to.deep.equal([{ ok: 1 }]);
    } finally {
      await right.close();
      await guarded.close();
    }
  });

  it('refuses a client that asks for encryption, saying why', async () => {
    const encrypted = poolFor(simulator, { options: { encrypt: true, trustServerCertificate: true } });
    const err = await failure(encrypted.connect());
    expect(err.message).to.match(/no TLS.*encrypt: false/);
  });
});
