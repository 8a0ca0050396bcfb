/**
 * Shapes shared by the whole fleet: what the sources hand over, what SafetyAmp holds, and what a plan says.
 * Plain data only. Source rows are typed loosely on purpose: a reader never rejects a row, the domain's
 * validation does, with the field and the reason.
 */

/** The five SafetyAmp entity types the fleet keeps in step, in dependency order. */
export const ENTITY_TYPES = ['clusters', 'sites', 'titles', 'users', 'assets'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

/** bPREH row of an active employee (HireDate set, TermDate null) of the configured company. */
export interface VistaEmployeeRow {
  Employee: number | string | null;
  FirstName: string | null;
  MidName: string | null;
  LastName: string | null;
  Sex: string | null;
  PRDept: string | null;
  Email: string | null;
  udEmpTitle: string | null;
  BirthDate: Date | string | null;
  HireDate: Date | string | null;
  Phone: string | null;
  Address: string | null;
  City: string | null;
  State: string | null;
  Zip: string | null;
}

/** The most recent open job an employee was paid on inside the recent-job window (one row per employee). */
export interface VistaRecentJobRow {
  Employee: number | string | null;
  Job: string | null;
  PREndDate: Date | string | null;
}

/** bJCJM ⟕ bJCCM row of an open job. */
export interface VistaJobRow {
  Job: string | null;
  Description: string | null;
  Contract: string | null;
  Department: string | null;
  ShipAddress: string | null;
  ShipCity: string | null;
  ShipState: string | null;
  ShipZip: string | null;
}

/** bPRDP row. */
export interface VistaDepartmentRow {
  PRDept: string | null;
  Description: string | null;
  udRegion: string | null;
}

/** Microsoft Graph user (v1.0 /users with the fleet's $select). */
export interface GraphUser {
  id: string;
  employeeId?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  accountEnabled?: boolean | null;
  mobilePhone?: string | null;
  businessPhones?: string[] | null;
}

/** Samsara vehicle (GET /fleet/vehicles item). */
export interface SamsaraVehicle {
  id: string;
  name?: string | null;
  make?: string | null;
  model?: string | null;
  year?: string | number | null;
  licensePlate?: string | null;
  vin?: string | null;
  serial?: string | null;
  notes?: string | null;
  vehicleRegulationMode?: string | null;
  staticAssignedDriver?: { id: string; name?: string | null } | null;
  tags?: { id: string; name: string }[] | null;
  createdAtTime?: string | null;
  updatedAtTime?: string | null;
}

/** Samsara driver (GET /fleet/drivers/{id} data). The employee number is written in `notes`. */
export interface SamsaraDriver {
  id: string;
  name?: string | null;
  notes?: string | null;
}

/** Everything the producer read from the systems of record for one run. */
export interface SourceSnapshot {
  departments: VistaDepartmentRow[];
  jobs: VistaJobRow[];
  employees: VistaEmployeeRow[];
  recentJobs: VistaRecentJobRow[];
  entraUsers: GraphUser[];
  vehicles: SamsaraVehicle[];
  drivers: SamsaraDriver[];
}

// ---------------------------------------------------------------------------------------------
// SafetyAmp (records as the API returns them, flattened; what the mirror keeps)
// ---------------------------------------------------------------------------------------------

export interface SaCluster {
  id: number;
  name: string;
  external_code: string | null;
  parent_cluster_id: number | null;
  depth?: number;
  osha_establishment?: number;
}

export interface SaSite {
  id: number;
  name: string;
  external_code: string | null;
  cluster_id: number | null;
  street?: string | null;
  street2?: string | null;
  city?: string | null;
  state?: string | null;
  zip_code?: string | null;
  country?: string | null;
  timezone?: string | null;
}

export interface SaTitle {
  id: number;
  name: string;
}

export interface SaUser {
  id: string;
  emp_id: string | null;
  first_name?: string | null;
  middle_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  gender?: number | null;
  date_of_birth?: string | null;
  current_hire_date?: string | null;
  street?: string | null;
  street2?: string | null;
  city?: string | null;
  state?: string | null;
  zip_code?: string | null;
  country?: string | null;
  timezone?: string | null;
  mobile_phone?: string | null;
  work_phone?: string | null;
  home_site_id?: number | null;
  current_title_id?: number | null;
  roles?: { id: number }[];
  system_access?: boolean | number | null;
  text_opt_out?: number | boolean | null;
}

export interface SaRole {
  id: number;
  name: string;
}

export interface SaAssetType {
  id: number;
  name: string;
}

export interface SaAsset {
  id: number;
  name: string;
  code?: string | null;
  serial: string | null;
  model?: string | null;
  description?: string | null;
  status?: number | null;
  asset_type_id?: number | null;
  site_id?: number | null;
  current_user_id?: string | null;
  vin?: string | null;
  year?: number | string | null;
}

/** The last known SafetyAmp state (the mirror), as lists. Roles and asset types are read-only lookups. */
export interface SafetyAmpSnapshot {
  clusters: SaCluster[];
  sites: SaSite[];
  titles: SaTitle[];
  users: SaUser[];
  assets: SaAsset[];
  roles: SaRole[];
  assetTypes: SaAssetType[];
}

// ---------------------------------------------------------------------------------------------
// Plans
// ---------------------------------------------------------------------------------------------

/**
 * A reference to another entity by its fleet key, resolved to a SafetyAmp id by the worker at write time.
 * It lets a user point at a site that is created earlier in the same run.
 */
export interface EntityRef {
  $ref: EntityType;
  key: string;
}

export type PayloadValue = string | number | boolean | null | { id: number }[] | EntityRef;
export type Payload = Record<string, PayloadValue>;

export type ChangeAction = 'create' | 'update' | 'deactivate';

/** One write the fleet must make: becomes one job. */
export interface PlannedChange {
  type: EntityType;
  /** Fleet key: department code / region / root for clusters, job number, title (lower case), emp_id, serial. */
  key: string;
  action: ChangeAction;
  /** SafetyAmp id of the record to update or deactivate; absent on create. */
  id?: number | string;
  /** Create: the full body. Update/deactivate: only the fields that change. */
  payload: Payload;
  /** For updates: the current values of the changed fields, for the audit trail. */
  previous?: Record<string, unknown>;
  /** Hash of the desired record (and action): equal desired states give equal fingerprints. */
  fingerprint: string;
}

/** A source record that cannot be sent, with the field and the reason in plain words. */
export interface InvalidRecord {
  type: EntityType;
  key: string;
  field: string;
  reason: string;
}

/** A warning that does not stop a record (e.g. an unparseable phone that was dropped). */
export interface RecordWarning {
  type: EntityType;
  key: string;
  field: string;
  reason: string;
}

export interface EntityPlan {
  type: EntityType;
  changes: PlannedChange[];
  invalid: InvalidRecord[];
  warnings: RecordWarning[];
  unchanged: number;
  /** Fleet key → SafetyAmp id of every desired record that already exists (adopted or mirrored). */
  keyIndex: Record<string, number | string>;
}

/** Why a plan refused to act (mass-change guard). */
export interface PlanBlock {
  type: EntityType;
  reason: string;
}

export interface RunPlan {
  entities: Partial<Record<EntityType, EntityPlan>>;
  /** The types the mass-change guard stopped: none of their changes may be enqueued (the other types' may). */
  blocked: PlanBlock[];
}
