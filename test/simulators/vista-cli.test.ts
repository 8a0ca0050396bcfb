import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import sql from 'mssql';
import { createVistaFixtureFile, insertRows, type VistaFixtureFile } from '../support/vista-fixture.js';

/** Resolves with the first stdout line matching `pattern`, or rejects when the process exits first. */
function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      for (const line of buffered.split('\n')) {
        const match = pattern.exec(line);
        if (match) {
          child.stdout?.off('data', onData);
          resolve(match);
          return;
        }
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`simulator exited (${code}) before printing ${pattern}`)));
  });
}

function runCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'apps/simulators/vista/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('fleet simulate vista (CLI)', function () {
  let fixture: VistaFixtureFile;

  before(() => {
    fixture = createVistaFixtureFile((db) =>
      insertRows(db, 'bPRDP', [{ PRCo: 1, PRDept: '10', Description: 'Electrical', udRegion: 'EPC' }]),
    );
  });

  after(() => fixture.remove());

  it('prints the TDS URL it listens on, serves the data file, and stops cleanly on SIGTERM', async () => {
    const child = runCli(['--data', fixture.file, '--port', '0', '--user', 'sync', '--password', 'pw']);
    try {
      const match = await waitForLine(child, /^listening on tds:\/\/127\.0\.0\.1:(\d+)$/);
      const pool = new sql.ConnectionPool({
        server: '127.0.0.1',
        port: Number(match[1]),
        database: 'Viewpoint',
        user: 'sync',
        password: 'pw',
        options: { encrypt: false },
      });
      await pool.connect();
      try {
        const { recordset } = await pool.request().query('SELECT PRDept, Description FROM bPRDP');
        expect(recordset).to.deep.equal([{ PRDept: '10', Description: 'Electrical' }]);
      } finally {
        await pool.close();
      }
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).to.equal(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits 2 with a message naming --data when it is missing', async () => {
    const child = runCli(['--port', '0']);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const [code] = await once(child, 'exit');
    expect(code).to.equal(2);
    expect(stderr).to.match(/--data/);
  });
});
