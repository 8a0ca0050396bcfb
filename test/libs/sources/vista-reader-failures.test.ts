import { expect } from 'chai';
import { startVistaSimulator, type VistaSimulator } from '../../../apps/simulators/vista/server.js';
import { createVistaReader } from '../../../libs/sources/vista/reader.js';
import {
  VistaLoginError,
  VistaTimeoutError,
  VistaUnavailableError,
  type VistaError,
} from '../../../libs/sources/vista/errors.js';
import type { VistaReader } from '../../../libs/sources/vista/types.js';
import { metricsRegistry } from '../../../libs/platform/metrics.js';
import {
  FIXTURE_AS_OF,
  createVistaFixtureFile,
  fillStandardFixture,
  insertRows,
  type VistaFixtureFile,
  clearTestFaults,
  readerOptionsFor,
} from '../../support/vista-fixture.js';

async function rejection(promise: Promise<unknown>): Promise<VistaError> {
  try {
    await promise;
  } catch (err) {
    return err as VistaError;
  }
  throw new Error('expected the read to fail');
}

describe('Vista reader failures (real mssql driver, TDS simulator)', function () {
  let fixture: VistaFixtureFile;
  let simulator: VistaSimulator;
  let reader: VistaReader;

  before(async () => {
    fixture = createVistaFixtureFile(fillStandardFixture);
    simulator = await startVistaSimulator({ dataFile: fixture.file });
    reader = createVistaReader(readerOptionsFor(simulator, { requestTimeoutMs: 400 }));
  });

  after(async () => {
    await reader.close();
    await simulator.close();
    fixture.remove();
  });

  afterEach(() => clearTestFaults(simulator));

  it('fails a query slower than the request timeout with a timeout error, then reads normally', async () => {
    Object.assign(simulator.testFaults, { match: 'FROM bPREH', delayMs: 10_000 });
    const err = await rejection(reader.readEmployees());
    expect(err).to.be.instanceOf(VistaTimeoutError);
    expect(err.message).to.match(/timed out/i);
    delete simulator.testFaults.delayMs;
    expect((await reader.readEmployees()).map((r) => r.Employee)).to.deep.equal([100, 101, 104]);
  });

  it('fails a read whose connection is cut mid-result every time, after its retries, then reads normally', async () => {
    Object.assign(simulator.testFaults, { match: 'FROM bPRJC', destroyAfterRows: 1 });
    const err = await rejection(reader.readRecentJobs(FIXTURE_AS_OF));
    expect(err).to.be.instanceOf(VistaUnavailableError);
    expect(err.message).to.match(/connection|unreachable/i);
    delete simulator.testFaults.destroyAfterRows;
    expect(await reader.readRecentJobs(FIXTURE_AS_OF)).to.have.length(2);
  });

  it('never returns a short employee list: a cut after some rows, or after every row but before the end, fails the read', async () => {
    for (const destroyAfterRows of [2, 3]) {
      Object.assign(simulator.testFaults, { match: 'SELECT Employee, FirstName', destroyAfterRows });
      const before = simulator.requests().length;
      const err = await rejection(reader.readEmployees());
      expect(err, `cut after ${destroyAfterRows} of 3 rows`).to.be.instanceOf(VistaUnavailableError);
      const cut = simulator
        .requests()
        .slice(before)
        .filter((r) => r.fault === 'connection-cut');
      expect(cut.length, 'each attempt was cut').to.be.greaterThan(1);
    }
    clearTestFaults(simulator);
    expect((await reader.readEmployees()).map((r) => r.Employee)).to.deep.equal([100, 101, 104]);
  });

  it('recovers from one cut connection by retrying', async () => {
    Object.assign(simulator.testFaults, { match: 'FROM bPRJC', destroyAfterRows: 1, times: 1 });
    expect(await reader.readRecentJobs(FIXTURE_AS_OF)).to.have.length(2);
    expect(simulator.testFaults.times).to.equal(0);
  });

  it('opens the circuit breaker after repeated connection failures and reports it in health', async () => {
    const fragile = createVistaReader(
      readerOptionsFor(simulator, {
        retry: { retries: 0 },
        breaker: { volumeThreshold: 2, resetTimeoutMs: 60_000 },
      }),
    );
    try {
      Object.assign(simulator.testFaults, { match: 'FROM bPRDP', destroyAfterRows: 1 });
      await rejection(fragile.readDepartments());
      await rejection(fragile.readDepartments());
      delete simulator.testFaults.destroyAfterRows;
      const refused = await rejection(fragile.readDepartments());
      expect(refused).to.be.instanceOf(VistaUnavailableError);
      expect((refused as VistaUnavailableError).code).to.equal('EOPENBREAKER');
      const health = await fragile.health();
      expect(health.ok).to.equal(false);
      expect(health.detail).to.match(/circuit breaker open/);
      const gauge = await metricsRegistry.getSingleMetricAsString('safetyamp_source_breaker_state');
      expect(gauge).to.match(/safetyamp_source_breaker_state\{source="vista"\} 2/);
    } finally {
      await fragile.close();
    }
  });

  it('reports an unreachable server as unavailable, in reads and in health', async () => {
    const stopped = await startVistaSimulator({ dataFile: fixture.file });
    await stopped.close();
    const lost = createVistaReader(readerOptionsFor(stopped, { retry: { retries: 1, minDelayMs: 10 } }));
    try {
      expect(await rejection(lost.readJobs())).to.be.instanceOf(VistaUnavailableError);
      const health = await lost.health();
      expect(health.ok).to.equal(false);
      expect(health.detail).to.match(/unreachable/i);
    } finally {
      await lost.close();
    }
  });

  it('reports a refused login as a login error, without retrying', async () => {
    const guarded = await startVistaSimulator({ dataFile: fixture.file, user: 'sync', password: 'right' });
    const wrong = createVistaReader(readerOptionsFor(guarded, { password: 'wrong' }));
    try {
      const err = await rejection(wrong.readDepartments());
      expect(err).to.be.instanceOf(VistaLoginError);
      expect(err.message).to.match(/Login failed for user 'sync'/);
    } finally {
      await wrong.close();
      await guarded.close();
    }
  });
});

describe('Vista reader on odd data (nulls, long strings, unicode, 1900 and pre-1753 dates, text in int columns)', function () {
  let fixture: VistaFixtureFile;
  let simulator: VistaSimulator;
  let reader: VistaReader;
  const long = 'L'.repeat(500);
  const unicode = 'Zoë Ñandú 🚧 漢字 עברית e\u0301 \u0000end';

  before(async () => {
    fixture = createVistaFixtureFile((db) => {
      insertRows(db, 'bPRDP', [{ PRCo: 1, PRDept: unicode, Description: long, udRegion: null }]);
      insertRows(db, 'bJCJM', [
        { JCCo: 1, Job: ' 7.', Description: null, Contract: 'missing', JobStatus: 1, ShipZip: long },
      ]);
      insertRows(db, 'bPREH', [
        { PRCo: 1, Employee: 1, FirstName: long, LastName: unicode, HireDate: '1900-01-01 00:00:00' },
        { PRCo: 1, Employee: 2, BirthDate: '1900-01-01 00:00:00', HireDate: '2020-02-29 00:00:00' },
        { PRCo: 1, Employee: 'A12', FirstName: 'text id', HireDate: '1700-06-01 00:00:00' },
        { PRCo: 1, Employee: 3, BirthDate: 'not a date', HireDate: '2021-01-01 00:00:00', Sex: 'MALE' },
      ]);
      insertRows(db, 'bPRJC', [{ PRCo: 1, PREndDate: '2024-06-14 00:00:00', Job: ' 7.', Employee: 'A12' }]);
    });
    simulator = await startVistaSimulator({ dataFile: fixture.file });
    reader = createVistaReader(readerOptionsFor(simulator));
  });

  after(async () => {
    await reader.close();
    await simulator.close();
    fixture.remove();
  });

  it('passes every employee row through, odd values as stored', async () => {
    const rows = await reader.readEmployees();
    const byName = new Map(rows.map((r) => [String(r.Employee), r]));
    expect([...byName.keys()].sort()).to.deep.equal(['1', '2', '3', 'A12']);
    const one = byName.get('1');
    expect(one?.FirstName).to.equal(long);
    expect(one?.LastName).to.equal(unicode);
    expect(one?.HireDate).to.deep.equal(new Date('1900-01-01T00:00:00Z'));
    expect(one?.Email).to.equal(null);
    expect(byName.get('2')?.BirthDate).to.deep.equal(new Date('1900-01-01T00:00:00Z'));
    expect(byName.get('2')?.HireDate).to.deep.equal(new Date('2020-02-29T00:00:00Z'));
    // Values SQL Server could not hold in the declared type reach the domain as stored, for it to reject.
    expect(byName.get('A12')?.HireDate).to.equal('1700-06-01 00:00:00');
    expect(byName.get('3')?.BirthDate).to.equal('not a date');
    expect(byName.get('3')?.Employee).to.equal(3);
    expect(byName.get('3')?.Sex).to.equal('MALE');
  });

  it('passes odd department, job and posting rows through', async () => {
    expect(await reader.readDepartments()).to.deep.equal([
      { PRDept: unicode, Description: long, udRegion: null },
    ]);
    const jobs = await reader.readJobs();
    expect(jobs).to.have.length(1);
    expect(jobs[0]).to.include({ Job: ' 7.', Description: null, Department: null, ShipZip: long });
    const recent = await reader.readRecentJobs(FIXTURE_AS_OF);
    expect(recent).to.deep.equal([
      { Employee: 'A12', Job: ' 7.', PREndDate: new Date('2024-06-14T00:00:00Z') },
    ]);
  });
});
