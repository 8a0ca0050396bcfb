/**
 * The bits of SQL Server's catalog the reader looks at: an object_id per table (OBJECT_ID / OBJECT_NAME) and the
 * view `sys.change_tracking_tables`. SQLite reads `sys.x` as table x of a database attached as `sys`; a
 * read-only connection cannot create an in-memory one, so the simulator writes a small SQLite file of those
 * views at start, and each session attaches it read-only.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openVistaDataReadOnly } from './database.js';

/** A table of the data file as the catalog names it. */
export interface CatalogTable {
  name: string;
  objectId: number;
}

export interface SqlServerCatalog {
  tables: readonly CatalogTable[];
  /** SQLite file holding the `sys` views, to attach as `sys`. */
  sysFile: string;
  /** Deletes the `sys` file. */
  remove(): void;
}

/** Catalog views, valid SQLite, with the columns (and types) SQL Server gives them. */
const SYS_SCHEMA = `
CREATE TABLE change_tracking_tables (
  object_id int NOT NULL,
  is_track_columns_updated_on bit NOT NULL,
  min_valid_version bigint NULL,
  begin_version bigint NULL,
  cleanup_version bigint NULL
);`;

/** object_ids are stable for a data file: the tables in name order, from this first id. */
const FIRST_OBJECT_ID = 1_000_001;

export function createSqlServerCatalog(dataFile: string, trackedTables: readonly string[]): SqlServerCatalog {
  const data = openVistaDataReadOnly(dataFile);
  let names: string[];
  try {
    names = data
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
  } finally {
    data.close();
  }
  const tables = names.map((name, i) => ({ name, objectId: FIRST_OBJECT_ID + i }));
  const tracked = new Set(trackedTables.map((t) => t.toLowerCase()));

  const dir = mkdtempSync(join(tmpdir(), 'vista-sys-'));
  const sysFile = join(dir, 'sys.sqlite');
  const sys = new Database(sysFile);
  try {
    sys.exec(SYS_SCHEMA);
    const insert = sys.prepare(
      'INSERT INTO change_tracking_tables (object_id, is_track_columns_updated_on, min_valid_version, begin_version, cleanup_version) VALUES (?, 0, 0, 0, 0)',
    );
    for (const table of tables) if (tracked.has(table.name.toLowerCase())) insert.run(table.objectId);
  } finally {
    sys.close();
  }
  return { tables, sysFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
