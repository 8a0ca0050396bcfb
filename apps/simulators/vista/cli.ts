/**
 * `fleet simulate vista --data <sqlite file> [--port P] [--user U --password P] [--change-tracking]`: runs the
 * Vista (TDS) simulator until SIGINT/SIGTERM. Prints `listening on tds://127.0.0.1:<port>` once it accepts
 * connections.
 */

import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { startVistaSimulator } from './server.js';

const USAGE = `fleet simulate vista --data <sqlite file> [--port P] [--host H] [--user U --password P]
  [--change-tracking]

  --data FILE          SQLite file in the vista-schema.sql shape (required)
  --user, --password   the only login accepted (default: any login)
  --change-tracking    SQL Server change tracking on the five Vista tables: CHANGE_TRACKING_CURRENT_VERSION()
                       answers a version every write to them bumps (default: NULL, tracking off). Writes a
                       version table and triggers (simulator_*) into the data file.`;

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      user: { type: 'string' },
      password: { type: 'string' },
      'change-tracking': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.data)
    throw new Error('--data <sqlite file> is required (a SQLite file in the vista-schema.sql shape)');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535, got ${values.port}`);
  const simulator = await startVistaSimulator({
    dataFile: values.data,
    port,
    host: values.host,
    user: values.user,
    password: values.password,
    changeTracking: values['change-tracking'],
  });
  process.stdout.write(`listening on tds://${simulator.host}:${simulator.port}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void simulator.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`vista simulator: ${(err as Error).message}\n`);
    process.exit(2);
  });
}
