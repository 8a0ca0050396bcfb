import { driverEmployeeKey } from '../../domain/index.js';
import {
  readDirectoryCached,
  readVehiclesCached,
  readVistaCached,
  type DirectoryChanges,
  type ReadMode,
  type SourceReadCache,
  type VehicleChanges,
  type VistaPart,
  type VistaRows,
} from './cached-reads.js';
import type {
  EntityType,
  GraphUser,
  SamsaraDriver,
  SamsaraVehicle,
  SourceSnapshot,
  VistaDepartmentRow,
  VistaEmployeeRow,
  VistaJobRow,
  VistaRecentJobRow,
} from '../../domain/types.js';

/** What the fleet needs of Vista (implemented by libs/sources/vista). */
export interface PayrollSource {
  readDepartments(): Promise<VistaDepartmentRow[]>;
  readJobs(): Promise<VistaJobRow[]>;
  readEmployees(filter?: { employee?: number }): Promise<VistaEmployeeRow[]>;
  readRecentJobs(asOf: Date, filter?: { employee?: number }): Promise<VistaRecentJobRow[]>;
  /** The cheap question: per part, a fingerprint that moves when that part's rows do (one round trip). */
  readChangeFingerprint?(asOf: Date): Promise<Record<VistaPart, string>>;
}

/** What the fleet needs of Entra ID (implemented by libs/sources/graph). */
export interface DirectorySource {
  listUsers(): Promise<GraphUser[]>;
  findUserByEmployeeId(empId: string): Promise<GraphUser | null>;
  /** The delta query: every user with no link, what changed since the link with one. */
  readUserChanges?(deltaLink: string | null): Promise<DirectoryChanges>;
}

/** What the fleet needs of Samsara (implemented by libs/sources/samsara). */
export interface VehicleSource {
  listVehicles(): Promise<SamsaraVehicle[]>;
  listDrivers(ids: string[]): Promise<SamsaraDriver[]>;
  /** Every vehicle with no time, what changed since the time with one. */
  readVehicleChanges?(since: Date | null): Promise<VehicleChanges>;
}

export interface SourceReaders {
  vista: PayrollSource;
  graph: DirectorySource;
  samsara: VehicleSource;
}

type SourcePart = keyof SourceSnapshot;

/** The systems of record. */
export const SOURCE_NAMES = ['vista', 'graph', 'samsara'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

const PART_SOURCE: Record<SourcePart, SourceName> = {
  departments: 'vista',
  jobs: 'vista',
  employees: 'vista',
  recentJobs: 'vista',
  entraUsers: 'graph',
  vehicles: 'samsara',
  drivers: 'samsara',
};

/**
 * Which source data each entity type's plan needs (its own records and what its references resolve against).
 * Users need Entra ID: without it their e-mail addresses are unknown, and planning them would blank e-mails or
 * make every new hire invalid, so users wait for Graph. Assets need Vista (a vehicle's driver is an employee)
 * but not Graph; nothing but assets needs Samsara.
 */
const NEEDS: Record<EntityType, SourcePart[]> = {
  clusters: ['departments'],
  sites: ['departments', 'jobs'],
  titles: ['employees'],
  users: ['departments', 'jobs', 'employees', 'recentJobs', 'entraUsers'],
  assets: ['employees', 'vehicles', 'drivers'],
};

/** The sources an entity type's plan cannot do without. */
export function sourcesOf(type: EntityType): SourceName[] {
  return [...new Set(NEEDS[type].map((part) => PART_SOURCE[part]))];
}

function emptySnapshot(): SourceSnapshot {
  return {
    departments: [],
    jobs: [],
    employees: [],
    recentJobs: [],
    entraUsers: [],
    vehicles: [],
    drivers: [],
  };
}

/** How one source's read went: for metrics, readiness and the run record. */
export interface SourceReadOutcome {
  source: SourceName;
  ok: boolean;
  /** When the read ended. */
  at: Date;
  durationMs: number;
  /** Rows or records read (0 when it failed). */
  rows: number;
  /** The failure in a few words, when it failed. */
  error?: string;
  /** The error's class name, when it failed: a bounded label. */
  errorClass?: string;
  /** How it was read, when it was read through the cache (absent: a plain full read). */
  mode?: ReadMode;
}

/** What the sources gave: the data, the sources that could not be read with the reason, and each read's outcome. */
export interface SourceRead {
  snapshot: SourceSnapshot;
  unavailable: Partial<Record<SourceName, string>>;
  outcomes: SourceReadOutcome[];
}

/**
 * Reads what the given types need, each source once, in parallel. A source that fails (down, timing out,
 * answering garbage) does not fail the read: it is reported in `unavailable`, and the types that need it are
 * skipped by the caller while the others are planned. With `cache`, each source is asked the cheap question first
 * (cached-reads.ts) and read in full only when needed; the snapshot is the same as a full read's.
 */
export async function readSources(
  readers: SourceReaders,
  types: readonly EntityType[],
  asOf: Date,
  cache?: SourceReadCache,
): Promise<SourceRead> {
  const parts = new Set(types.flatMap((t) => NEEDS[t]));
  const wanted = (source: SourceName): boolean => [...parts].some((p) => PART_SOURCE[p] === source);
  const snapshot = emptySnapshot();
  const unavailable: SourceRead['unavailable'] = {};
  const outcomes: SourceReadOutcome[] = [];
  const read = async (
    source: SourceName,
    work: () => Promise<{ rows: number; mode?: ReadMode }>,
  ): Promise<void> => {
    if (!wanted(source)) return;
    const started = performance.now();
    const done = (fields: Partial<SourceReadOutcome>): void => {
      outcomes.push({
        source,
        ok: true,
        at: new Date(),
        durationMs: performance.now() - started,
        rows: 0,
        ...fields,
      });
    };
    try {
      done(await work());
    } catch (err) {
      unavailable[source] = describeFailure(err);
      done({ ok: false, error: unavailable[source], errorClass: err instanceof Error ? err.name : 'Error' });
    }
  };
  const { vista, graph, samsara } = readers;
  const vistaParts = (['departments', 'jobs', 'employees', 'recentJobs'] as const).filter((p) =>
    parts.has(p),
  );
  const readVistaPart = <P extends VistaPart>(part: P): Promise<VistaRows[P]> => {
    const rows: Record<VistaPart, () => Promise<unknown>> = {
      departments: () => vista.readDepartments(),
      jobs: () => vista.readJobs(),
      employees: () => vista.readEmployees(),
      recentJobs: () => vista.readRecentJobs(asOf),
    };
    return rows[part]() as Promise<VistaRows[P]>;
  };
  await Promise.all([
    read('vista', async () => {
      if (cache && vista.readChangeFingerprint) {
        const fingerprint = vista.readChangeFingerprint.bind(vista);
        const cached = await readVistaCached(fingerprint, readVistaPart, vistaParts, asOf, cache);
        Object.assign(snapshot, cached.data);
        return { rows: cached.rowsRead, mode: cached.mode };
      }
      const rows = await Promise.all(vistaParts.map((p) => readVistaPart(p)));
      vistaParts.forEach((p, i) => Object.assign(snapshot, { [p]: rows[i] }));
      return { rows: rows.reduce((n, r) => n + r.length, 0) };
    }),
    read('graph', async () => {
      if (cache && graph.readUserChanges) {
        const cached = await readDirectoryCached(graph.readUserChanges.bind(graph), cache);
        snapshot.entraUsers = cached.data;
        return { rows: cached.rowsRead, mode: cached.mode };
      }
      snapshot.entraUsers = await graph.listUsers();
      return { rows: snapshot.entraUsers.length };
    }),
    read('samsara', async () => {
      if (cache && samsara.readVehicleChanges) {
        const cached = await readVehiclesCached(samsara.readVehicleChanges.bind(samsara), cache);
        Object.assign(snapshot, cached.data);
        return { rows: cached.rowsRead, mode: cached.mode };
      }
      const vehicles = await samsara.listVehicles();
      const driverIds = [
        ...new Set(vehicles.map((v) => v.staticAssignedDriver?.id).filter((id): id is string => !!id)),
      ];
      snapshot.drivers = driverIds.length ? await samsara.listDrivers(driverIds) : [];
      snapshot.vehicles = vehicles;
      return { rows: vehicles.length + snapshot.drivers.length };
    }),
  ]);
  return { snapshot, unavailable, outcomes };
}

/** A source failure in a few words, for the run summary and the dashboard: the error's class and message. */
function describeFailure(err: unknown): string {
  const error = err instanceof Error ? err : new Error(String(err));
  const text = `${error.name}: ${error.message}`.replace(/\s+/g, ' ');
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/**
 * Reads what one record's plan needs: the record itself from its source, plus the small tables its references
 * resolve against. Used to re-plan a single record on a retry, so that a fix made in the source is what gets sent.
 */
export async function readSourcesForRecord(
  readers: SourceReaders,
  type: EntityType,
  key: string,
  asOf: Date,
): Promise<SourceSnapshot> {
  const snapshot = emptySnapshot();
  switch (type) {
    case 'clusters':
      snapshot.departments = await readers.vista.readDepartments();
      break;
    case 'sites':
      [snapshot.departments, snapshot.jobs] = await Promise.all([
        readers.vista.readDepartments(),
        readers.vista.readJobs(),
      ]);
      break;
    case 'titles':
      snapshot.employees = await readers.vista.readEmployees();
      break;
    case 'users': {
      const employee = Number(key);
      if (!Number.isInteger(employee)) break;
      const [departments, jobs, employees, recentJobs, entraUser] = await Promise.all([
        readers.vista.readDepartments(),
        readers.vista.readJobs(),
        readers.vista.readEmployees({ employee }),
        readers.vista.readRecentJobs(asOf, { employee }),
        readers.graph.findUserByEmployeeId(key),
      ]);
      Object.assign(snapshot, {
        departments,
        jobs,
        employees,
        recentJobs,
        entraUsers: entraUser ? [entraUser] : [],
      });
      break;
    }
    case 'assets': {
      const vehicles = (await readers.samsara.listVehicles()).filter((v) => (v.serial ?? '').trim() === key);
      const driverIds = vehicles.map((v) => v.staticAssignedDriver?.id).filter((id): id is string => !!id);
      snapshot.vehicles = vehicles;
      snapshot.drivers = driverIds.length ? await readers.samsara.listDrivers(driverIds) : [];
      // The driver's employee decides the asset's user and site: read that employee as a user's re-plan would.
      const employees = snapshot.drivers
        .map((d) => driverEmployeeKey(d))
        .filter((e): e is string => e !== null);
      for (const employee of new Set(employees)) {
        const own = await readSourcesForRecord(readers, 'users', employee, asOf);
        snapshot.departments = own.departments;
        snapshot.jobs = own.jobs;
        snapshot.employees.push(...own.employees);
        snapshot.recentJobs.push(...own.recentJobs);
        snapshot.entraUsers.push(...own.entraUsers);
      }
      break;
    }
  }
  return snapshot;
}
