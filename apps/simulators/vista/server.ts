/**
 * The Vista simulator: a TCP endpoint speaking enough MS-TDS (7.4, no encryption) for the real `mssql`/tedious
 * driver, answering from a read-only SQLite file in the vista-schema.sql shape. See README.md.
 */

import { createServer, type Socket } from 'node:net';
import { createLogger } from '../../../libs/platform/logger.js';
import { openVistaDataReadOnly } from './database.js';
import type { VistaTestFaults } from './faults.js';
import { findOffTypeColumns } from './off-type-columns.js';
import { TdsSession } from './session.js';

export type { VistaTestFaults } from './faults.js';

export interface VistaSimulatorOptions {
  /** SQLite file in the vista-schema.sql shape; opened read-only. */
  dataFile: string;
  /** 0 (default): any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** With `password`: the only login accepted. Without: any login is accepted. */
  user?: string;
  password?: string;
  /** TEST ONLY: faults to inject; the object stays live (change it between queries). */
  testFaults?: VistaTestFaults;
}

export interface VistaSimulator {
  host: string;
  port: number;
  /** TEST ONLY: the live fault settings (the object passed as `testFaults`, or a new empty one). */
  testFaults: VistaTestFaults;
  close(): Promise<void>;
}

const logger = createLogger('vista-simulator');
let nextSpid = 51;

export async function startVistaSimulator(opts: VistaSimulatorOptions): Promise<VistaSimulator> {
  const scan = openVistaDataReadOnly(opts.dataFile);
  let offTypeColumns: Set<string>;
  try {
    offTypeColumns = findOffTypeColumns(scan);
  } finally {
    scan.close();
  }
  if (offTypeColumns.size > 0) {
    logger.info('columns holding values outside their declared type are sent as sql_variant', {
      columns: [...offTypeColumns],
    });
  }
  const credentials =
    opts.user !== undefined || opts.password !== undefined
      ? { user: opts.user ?? '', password: opts.password ?? '' }
      : undefined;
  const testFaults = opts.testFaults ?? {};
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new TdsSession(socket, {
      dataFile: opts.dataFile,
      credentials,
      offTypeColumns,
      faults: testFaults,
      spid: nextSpid++ % 0xffff,
      logger,
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  logger.info('vista simulator listening', { host, port });
  return {
    host,
    port,
    testFaults,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
