/**
 * The Vista simulator: a TCP endpoint speaking enough MS-TDS (7.4, no encryption) for the real `mssql`/tedious
 * driver, answering from a read-only SQLite file in the vista-schema.sql shape. See README.md.
 */

import { createServer, type Socket } from 'node:net';
import { createLogger } from '../../../libs/platform/logger.js';
import { installChangeTracking, VISTA_TABLES } from './change-tracking.js';
import { openVistaDataReadOnly } from './database.js';
import type { VistaTestFaults } from './faults.js';
import { findOffTypeColumns } from './off-type-columns.js';
import { RequestLog, type VistaRequest } from './request-log.js';
import { TdsSession } from './session.js';
import { createSqlServerCatalog } from './sql-server-catalog.js';

export type { VistaTestFaults } from './faults.js';
export type { VistaRequest } from './request-log.js';

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
  /**
   * SQL Server change tracking: CHANGE_TRACKING_CURRENT_VERSION() answers a version that every write to a
   * tracked table bumps, and sys.change_tracking_tables lists those tables. Off by default (the function answers
   * NULL, as on a database without change tracking). `true` tracks the five Vista tables; `tables` picks some.
   * Switching it on writes a version table and triggers into the data file (see change-tracking.ts).
   */
  changeTracking?: boolean | { tables: readonly string[] };
}

export interface VistaSimulator {
  host: string;
  port: number;
  /** TEST ONLY: the live fault settings (the object passed as `testFaults`, or a new empty one). */
  testFaults: VistaTestFaults;
  /** The requests (round trips) that ran a statement, oldest first: a test counts them. */
  requests(): VistaRequest[];
  close(): Promise<void>;
}

const logger = createLogger('vista-simulator');
let nextSpid = 51;

export async function startVistaSimulator(opts: VistaSimulatorOptions): Promise<VistaSimulator> {
  const trackedTables =
    opts.changeTracking === true
      ? installChangeTracking(opts.dataFile, VISTA_TABLES)
      : opts.changeTracking
        ? installChangeTracking(opts.dataFile, opts.changeTracking.tables)
        : [];
  const changeTracking = opts.changeTracking !== undefined && opts.changeTracking !== false;
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
  const catalog = createSqlServerCatalog(opts.dataFile, trackedTables);
  const requests = new RequestLog();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new TdsSession(socket, {
      dataFile: opts.dataFile,
      credentials,
      offTypeColumns,
      faults: testFaults,
      catalog,
      changeTracking,
      requests,
      spid: nextSpid++ % 0xffff,
      logger,
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => {
      catalog.remove();
      reject(err);
    };
    server.once('error', onError);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  logger.info('vista simulator listening', { host, port, changeTracking: trackedTables });
  return {
    host,
    port,
    testFaults,
    requests: () => requests.list(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          catalog.remove();
          resolve();
        });
        for (const socket of sockets) socket.destroy();
      }),
  };
}
