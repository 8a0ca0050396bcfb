import { driverEmployeeKey } from '../domain/index.js';
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
} from '../domain/types.js';

/** What the fleet needs of Vista (implemented by libs/sources/vista). */
export interface PayrollSource {
  readDepartments(): Promise<VistaDepartmentRow[]>;
  readJobs(): Promise<VistaJobRow[]>;
  readEmployees(filter?: { employee?: number }): Promise<VistaEmployeeRow[]>;
  readRecentJobs(asOf: Date, filter?: { employee?: number }): Promise<VistaRecentJobRow[]>;
}

/** What the fleet needs of Entra ID (implemented by libs/sources/graph). */
export interface DirectorySource {
  listUsers(): Promise<GraphUser[]>;
  findUserByEmployeeId(empId: string): Promise<GraphUser | null>;
}

/** What the fleet needs of Samsara (implemented by libs/sources/samsara). */
export interface VehicleSource {
  listVehicles(): Promise<SamsaraVehicle[]>;
  listDrivers(ids: string[]): Promise<SamsaraDriver[]>;
}

export interface SourceReaders {
  vista: PayrollSource;
  graph: DirectorySource;
  samsara: VehicleSource;
}

type SourcePart = keyof SourceSnapshot;

/** Which source data each entity type's plan needs (its own records and what its references resolve against). */
const NEEDS: Record<EntityType, SourcePart[]> = {
  clusters: ['departments'],
  sites: ['departments', 'jobs'],
  titles: ['employees'],
  users: ['departments', 'jobs', 'employees', 'recentJobs', 'entraUsers'],
  assets: ['employees', 'vehicles', 'drivers'],
};

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

/** Reads what the given types need, each source once, in parallel. */
export async function readSources(
  readers: SourceReaders,
  types: readonly EntityType[],
  asOf: Date,
): Promise<SourceSnapshot> {
  const parts = new Set(types.flatMap((t) => NEEDS[t]));
  const snapshot = emptySnapshot();
  const vehiclesAndDrivers = async (): Promise<void> => {
    snapshot.vehicles = await readers.samsara.listVehicles();
    const driverIds = [
      ...new Set(snapshot.vehicles.map((v) => v.staticAssignedDriver?.id).filter((id): id is string => !!id)),
    ];
    snapshot.drivers = driverIds.length ? await readers.samsara.listDrivers(driverIds) : [];
  };
  await Promise.all([
    parts.has('departments') && readers.vista.readDepartments().then((r) => (snapshot.departments = r)),
    parts.has('jobs') && readers.vista.readJobs().then((r) => (snapshot.jobs = r)),
    parts.has('employees') && readers.vista.readEmployees().then((r) => (snapshot.employees = r)),
    parts.has('recentJobs') && readers.vista.readRecentJobs(asOf).then((r) => (snapshot.recentJobs = r)),
    parts.has('entraUsers') && readers.graph.listUsers().then((r) => (snapshot.entraUsers = r)),
    parts.has('vehicles') && vehiclesAndDrivers(),
  ]);
  return snapshot;
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
