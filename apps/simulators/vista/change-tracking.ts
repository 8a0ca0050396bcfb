/**
 * The simulator's SQL Server change tracking (switched on with `--change-tracking`): one database-wide version
 * counter, bumped on every insert, update and delete of a tracked table. Writes reach the data file from other
 * processes (a test's better-sqlite3 handle, a data generator), so the counter is kept by SQLite triggers stored
 * in the data file itself: whoever writes, the version moves. The counter lives in the table
 * `simulator_change_tracking`, the triggers are named `simulator_ct_<table>_<operation>`.
 *
 * Unlike SQL Server, the counter moves once per row rather than once per transaction; like SQL Server, it only
 * ever grows, and every change to a tracked table moves it.
 */

import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';

const VERSION_TABLE = 'simulator_change_tracking';
const TRIGGER_PREFIX = 'simulator_ct_';

/** The Vista tables the reader queries: tracked by default when change tracking is on. */
export const VISTA_TABLES = ['bPRDP', 'bJCJM', 'bJCCM', 'bPREH', 'bPRJC'] as const;

/**
 * Writes the version table and the triggers of `tables` into the data file (replacing triggers of an earlier
 * start), and returns the tables' names as the file spells them. Throws when a table is not in the file.
 */
export function installChangeTracking(dataFile: string, tables: readonly string[]): string[] {
  const db = new Database(dataFile, { fileMustExist: true });
  try {
    const existing = new Map(
      (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]).map(
        (name) => [name.toLowerCase(), name],
      ),
    );
    const names = tables.map((table) => {
      const name = existing.get(table.toLowerCase());
      if (!name) throw new Error(`change tracking: table ${table} is not in ${dataFile}`);
      return name;
    });
    db.transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (version INTEGER NOT NULL)`);
      if (db.prepare(`SELECT COUNT(*) FROM ${VERSION_TABLE}`).pluck().get() === 0) {
        db.exec(`INSERT INTO ${VERSION_TABLE} (version) VALUES (0)`);
      }
      const old = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE ?")
        .pluck()
        .all(`${TRIGGER_PREFIX}%`) as string[];
      for (const trigger of old) db.exec(`DROP TRIGGER "${trigger}"`);
      for (const name of names) {
        for (const operation of ['INSERT', 'UPDATE', 'DELETE']) {
          db.exec(
            `CREATE TRIGGER "${TRIGGER_PREFIX}${name}_${operation.toLowerCase()}" AFTER ${operation} ON "${name}"
             BEGIN UPDATE ${VERSION_TABLE} SET version = version + 1; END`,
          );
        }
      }
    })();
    return names;
  } finally {
    db.close();
  }
}

/** The current version, read through a handle of its own (a SQL function cannot query its own connection). */
export function readChangeTrackingVersion(db: SqliteDatabase): bigint {
  const version = db.prepare(`SELECT version FROM ${VERSION_TABLE}`).pluck().get();
  return BigInt((version as number | undefined) ?? 0);
}
