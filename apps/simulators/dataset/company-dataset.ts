import type {
  GraphUser,
  SaAsset,
  SaAssetType,
  SaCluster,
  SaRole,
  SaSite,
  SaTitle,
  SaUser,
  SamsaraDriver,
  SamsaraVehicle,
} from '../../../libs/domain/types.js';

/** One row of a Vista table, columns named exactly as in vista-schema.sql; datetimes as 'YYYY-MM-DD HH:MM:SS'. */
export type Row = Record<string, string | number | null>;

/** A Samsara driver as the simulator holds it (deactivated drivers are not in the default listing). */
export type GeneratedDriver = SamsaraDriver & { driverActivationStatus: 'active' | 'deactivated' };

/** The SafetyAmp tenant as it is before the fleet's first run (the `safetyamp --data` file). */
export interface SafetyAmpSeed {
  site_clusters: SaCluster[];
  sites: SaSite[];
  user_titles: SaTitle[];
  users: SaUser[];
  roles: SaRole[];
  asset_types: SaAssetType[];
  assets: SaAsset[];
}

export interface GenerateCompanyOptions {
  seed: number;
  /** Active employees of the company (HireDate set, TermDate null); terminated ones come on top. */
  employees: number;
  /** Open jobs (JobStatus 1); closed ones come on top (about 15 %). */
  jobs: number;
  /** Payroll departments (bPRDP rows of the company), at most 99. */
  departments: number;
  vehicles: number;
  /** Terminated employees, as a share of `employees` (default 0.05). */
  terminatedShare?: number;
  /** Active employees with a defect that makes them invalid, as a share of `employees` (default 0.02). */
  invalidShare?: number;
  /** The day the data describes: recent jobs are dated within 180 days before it. */
  asOf: Date;
  /** PRCo / JCCo of the company (default 1); a few bPRJC rows go to another company. */
  company?: number;
}

/**
 * Which records carry the defects and special cases the generator promises, by Vista employee number,
 * job number or Samsara id, so that a test can assert on them without re-deriving them.
 */
export interface DatasetCases {
  terminated: number[];
  missingLastName: number[];
  /** No Vista e-mail and no Entra user. */
  noEmail: number[];
  /** Vista e-mail equal to another employee's, no Entra user. */
  duplicateEmail: number[];
  /** PRDept not in bPRDP, and no recent job. */
  unknownDepartment: number[];
  /** Active employees with a bPRJC row on an open job within 180 days. */
  withRecentJob: number[];
  /** Employee → the job (as stored, `NNNNN.`) of their latest company bPRJC row on an open job within 180 days. */
  recentJob: Record<number, string>;
  /** Employees whose latest bPRJC row overall belongs to the other company (on a different job). */
  otherCompanyRows: number[];
  /** Entra users that are disabled, or have an `...onmicrosoft.com` mail. */
  disabledEntraUsers: string[];
  onMicrosoftEntraUsers: string[];
  vehiclesWithoutSerial: string[];
  /** The two vehicles that share one serial. */
  vehiclesSharingSerial: string[];
  /** Open jobs whose contract has no department in bPRDP (or no bJCCM row). */
  jobsWithUnknownDepartment: string[];
}

export interface CompanyDataset {
  vista: { bPREH: Row[]; bPRDP: Row[]; bJCJM: Row[]; bJCCM: Row[]; bPRJC: Row[] };
  graph: { users: GraphUser[] };
  samsara: { vehicles: SamsaraVehicle[]; drivers: GeneratedDriver[] };
  safetyamp: SafetyAmpSeed;
  cases: DatasetCases;
}

/** A small company for demos and simulators started without `--data`, as of `asOf` (default: today). */
export function demoCompanyOptions(asOf: Date = new Date()): GenerateCompanyOptions {
  const day = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth(), asOf.getUTCDate()));
  return { seed: 1, employees: 400, jobs: 60, departments: 12, vehicles: 50, asOf: day };
}
