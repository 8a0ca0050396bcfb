import Database from 'better-sqlite3';
import type { Row } from './company-dataset.js';

type VistaDatabaseFactory = (file: string) => Database.Database;

/**
 * A new SQLite file with the Vista tables, made by the Vista simulator's own `createVistaDatabase` (schema and
 * the indexes it reads with). The module is looked up at run time so that this generator does not depend on
 * how that simulator is laid out; without it, the schema below is applied.
 */
export async function createVistaFile(file: string): Promise<Database.Database> {
  for (const specifier of ['../vista/database.js', '../vista/server.js']) {
    try {
      const module = (await import(specifier)) as { createVistaDatabase?: VistaDatabaseFactory };
      if (typeof module.createVistaDatabase === 'function') return module.createVistaDatabase(file);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    }
  }
  const db = new Database(file);
  db.exec(FALLBACK_SCHEMA);
  return db;
}

/** Inserts the rows of each table in one transaction, columns taken from the first row. */
export function insertVistaRows(db: Database.Database, tables: Record<string, Row[]>): void {
  db.transaction(() => {
    for (const [table, rows] of Object.entries(tables)) {
      const first = rows[0];
      if (!first) continue;
      const columns = Object.keys(first);
      const insert = db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      for (const row of rows) insert.run(columns.map((c) => row[c] ?? null));
    }
  })();
}

/** reference/vista-schema.sql (the contract), for when the Vista simulator is not there. */
const FALLBACK_SCHEMA = `
CREATE TABLE bPREH (PRCo tinyint NOT NULL, Employee int NOT NULL, FirstName varchar(30) NULL, MidName varchar(15) NULL,
  LastName varchar(30) NULL, SortName varchar(15) NULL, Sex char(1) NULL, PRDept varchar(10) NULL, Email varchar(60) NULL,
  udEmpTitle varchar(60) NULL, BirthDate datetime NULL, HireDate datetime NULL, TermDate datetime NULL,
  Phone varchar(20) NULL, Address varchar(60) NULL, City varchar(30) NULL, State varchar(4) NULL, Zip varchar(12) NULL,
  PRIMARY KEY (PRCo, Employee));
CREATE TABLE bPRDP (PRCo tinyint NOT NULL, PRDept varchar(10) NOT NULL, Description varchar(60) NULL,
  udRegion varchar(30) NULL, PRIMARY KEY (PRCo, PRDept));
CREATE TABLE bJCJM (JCCo tinyint NOT NULL, Job varchar(10) NOT NULL, Description varchar(60) NULL, Contract varchar(10) NULL,
  JobStatus tinyint NOT NULL, ShipAddress varchar(60) NULL, ShipCity varchar(30) NULL, ShipState varchar(4) NULL,
  ShipZip varchar(12) NULL, PRIMARY KEY (JCCo, Job));
CREATE TABLE bJCCM (JCCo tinyint NOT NULL, Contract varchar(10) NOT NULL, Department varchar(10) NULL,
  PRIMARY KEY (JCCo, Contract));
CREATE TABLE bPRJC (PRCo tinyint NOT NULL, PREndDate datetime NOT NULL, Job varchar(10) NULL, Employee int NOT NULL,
  Class varchar(10) NULL);
`;
