/**
 * The simulator's data file: a SQLite database in the shape of vista-schema.sql (copied here as schema.sql),
 * with datetimes stored as ISO text 'YYYY-MM-DD HH:MM:SS' (UTC).
 */

import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { formatIsoDateTime } from './datetime.js';

const SCHEMA_SQL = readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');

/**
 * Indexes the reader's queries need at Vista's sizes (valid in T-SQL and SQLite): the recent-job query ranks
 * each employee's postings by (PREndDate DESC, Job DESC) and keeps those on open jobs.
 */
export const VISTA_INDEXES_SQL = `
CREATE INDEX bPRJC_RecentJob ON bPRJC (PRCo, Employee, PREndDate DESC, Job DESC);
CREATE INDEX bJCJM_Status ON bJCJM (JCCo, Job, JobStatus);
`;

/**
 * Creates the Vista tables and indexes in `file` (a new or empty SQLite file) and returns it open for writing,
 * so a data generator or a test can fill it. Close it before pointing the simulator at the file.
 */
export function createVistaDatabase(file: string): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = DELETE');
    db.exec(SCHEMA_SQL);
    db.exec(VISTA_INDEXES_SQL);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Opens the data file the way the simulator reads it: read-only, and it must exist. */
export function openVistaDataReadOnly(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}

/** A Date as the simulator stores datetimes: 'YYYY-MM-DD HH:MM:SS' in UTC. */
export function formatVistaDateTime(date: Date): string {
  return formatIsoDateTime(date.getTime());
}
