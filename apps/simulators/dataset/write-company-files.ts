import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompanyDataset } from './company-dataset.js';
import { createVistaFile, insertVistaRows } from './vista-sqlite.js';

/** Where {@link writeCompanyFiles} put each simulator's `--data` file. */
export interface CompanyFiles {
  /** SQLite in the vista-schema.sql shape (`fleet simulate vista --data`). */
  vistaFile: string;
  /** `{"users": [...]}`. */
  graphFile: string;
  /** `{"vehicles": [...], "drivers": [...]}`. */
  samsaraFile: string;
  /** The SafetyAmp seed. */
  safetyampFile: string;
}

/** Writes the data set as the four simulators' data files into `dir` (created if needed; files replaced). */
export async function writeCompanyFiles(dir: string, dataset: CompanyDataset): Promise<CompanyFiles> {
  await mkdir(dir, { recursive: true });
  const files: CompanyFiles = {
    vistaFile: join(dir, 'vista.sqlite'),
    graphFile: join(dir, 'graph.json'),
    samsaraFile: join(dir, 'samsara.json'),
    safetyampFile: join(dir, 'safetyamp.json'),
  };
  await Promise.all([
    writeFile(files.graphFile, JSON.stringify(dataset.graph)),
    writeFile(files.samsaraFile, JSON.stringify(dataset.samsara)),
    writeFile(files.safetyampFile, JSON.stringify(dataset.safetyamp, null, 1)),
  ]);
  await rm(files.vistaFile, { force: true });
  const db = await createVistaFile(files.vistaFile);
  try {
    insertVistaRows(db, dataset.vista);
  } finally {
    db.close();
  }
  return files;
}
