/**
 * A session's view of the data: its own read-only SQLite handle on the data file, with the SQL Server functions
 * registered and the `sys` catalog attached, like a SQL Server session of its own.
 */

import type { Database } from 'better-sqlite3';
import { readChangeTrackingVersion } from './change-tracking.js';
import { openVistaDataReadOnly } from './database.js';
import type { SqlServerCatalog } from './sql-server-catalog.js';
import { registerSqlServerFunctions } from './sql-server-functions.js';

export interface SessionDatabase {
  db: Database;
  close(): void;
}

export function openSessionDatabase(
  dataFile: string,
  catalog: SqlServerCatalog,
  changeTracking: boolean,
): SessionDatabase {
  const db = openVistaDataReadOnly(dataFile);
  let versionHandle: Database | undefined;
  try {
    registerSqlServerFunctions(db, {
      tables: catalog.tables,
      changeTrackingVersion: () => {
        if (!changeTracking) return null;
        versionHandle ??= openVistaDataReadOnly(dataFile);
        return readChangeTrackingVersion(versionHandle);
      },
    });
    db.prepare('ATTACH DATABASE ? AS sys').run(catalog.sysFile);
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    db,
    close: () => {
      db.close();
      versionHandle?.close();
    },
  };
}
