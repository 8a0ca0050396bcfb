import { DEFAULT_PLAN_SETTINGS } from '../../../libs/domain/index.js';
import type {
  PlanSettings,
  SafetyAmpSnapshot,
  SamsaraDriver,
  SamsaraVehicle,
  SourceSnapshot,
  VistaDepartmentRow,
  VistaEmployeeRow,
  VistaJobRow,
} from '../../../libs/domain/index.js';

/** Plain inputs for domain tests: one department, one job, one employee unless a test says otherwise. */

export function settings(overrides: Partial<PlanSettings> = {}): PlanSettings {
  return { ...DEFAULT_PLAN_SETTINGS, ...overrides };
}

export function department(overrides: Partial<VistaDepartmentRow> = {}): VistaDepartmentRow {
  return { PRDept: '01', Description: 'Electrical', udRegion: 'Lake Charles', ...overrides };
}

export function job(overrides: Partial<VistaJobRow> = {}): VistaJobRow {
  return {
    Job: '12345.',
    Description: 'Plant A',
    Contract: '12345.',
    Department: '01',
    ShipAddress: '100 Refinery Rd',
    ShipCity: 'Sulphur',
    ShipState: 'LA',
    ShipZip: '70663',
    ...overrides,
  };
}

export function employee(overrides: Partial<VistaEmployeeRow> = {}): VistaEmployeeRow {
  return {
    Employee: 101,
    FirstName: 'Ann',
    MidName: 'B',
    LastName: 'Lee',
    Sex: 'F',
    PRDept: '01',
    Email: 'ann.lee@example.com',
    udEmpTitle: 'Electrician',
    BirthDate: new Date('1980-05-02T00:00:00Z'),
    HireDate: new Date('2020-01-06T00:00:00Z'),
    Phone: '225-555-0134',
    Address: '1 Main St',
    City: 'Sulphur',
    State: 'LA',
    Zip: '70663',
    ...overrides,
  };
}

export function vehicle(overrides: Partial<SamsaraVehicle> = {}): SamsaraVehicle {
  return {
    id: '281474976710001',
    name: 'Truck 7',
    model: 'F-150',
    serial: 'GAAA-111-BBB',
    licensePlate: 'LA-1234',
    vin: '1FTFW1E50MFA00001',
    year: '2021',
    notes: 'Crew truck',
    vehicleRegulationMode: 'regulated',
    staticAssignedDriver: { id: 'd1', name: 'Ann Lee' },
    ...overrides,
  };
}

export function driver(overrides: Partial<SamsaraDriver> = {}): SamsaraDriver {
  return { id: 'd1', name: 'Ann Lee', notes: 'Employee #0101', ...overrides };
}

export function source(overrides: Partial<SourceSnapshot> = {}): SourceSnapshot {
  return {
    departments: [department()],
    jobs: [job()],
    employees: [employee()],
    recentJobs: [{ Employee: 101, Job: '12345.', PREndDate: new Date('2025-03-02T00:00:00Z') }],
    entraUsers: [],
    vehicles: [],
    drivers: [],
    ...overrides,
  };
}

/** A tenant holding the root (no code, as observed), the four roles and the vehicle asset type. */
export function tenant(overrides: Partial<SafetyAmpSnapshot> = {}): SafetyAmpSnapshot {
  return {
    clusters: [{ id: 1, name: 'I&I', external_code: null, parent_cluster_id: null, depth: 0 }],
    sites: [],
    titles: [],
    users: [],
    assets: [],
    roles: [
      { id: 1, name: 'Company Administrator' },
      { id: 2, name: 'Supervisor' },
      { id: 3, name: 'Field' },
      { id: 4, name: 'Safety Representative' },
    ],
    assetTypes: [{ id: 3183, name: 'Vehicles' }],
    ...overrides,
  };
}

/** The tenant after a first sync of `source()`: root, region 10, department 11, site 500, title 40, user "u101". */
export function syncedTenant(overrides: Partial<SafetyAmpSnapshot> = {}): SafetyAmpSnapshot {
  return tenant({
    clusters: [
      { id: 1, name: 'I&I', external_code: null, parent_cluster_id: null, depth: 0 },
      { id: 10, name: 'Lake Charles', external_code: 'Lake Charles', parent_cluster_id: 1, depth: 1 },
      { id: 11, name: '01 - Electrical', external_code: '01', parent_cluster_id: 10, depth: 2 },
    ],
    sites: [
      {
        id: 500,
        name: '12345. - Plant A',
        external_code: '12345.',
        cluster_id: 11,
        street: '100 Refinery Rd',
        city: 'Sulphur',
        state: 'LA',
        zip_code: '70663',
        country: 'US',
        timezone: 'America/Chicago',
      },
    ],
    titles: [{ id: 40, name: 'Electrician' }],
    users: [syncedUser()],
    ...overrides,
  });
}

export function syncedUser(overrides: Record<string, unknown> = {}): SafetyAmpSnapshot['users'][number] {
  return {
    id: 'u101',
    emp_id: '101',
    first_name: 'Ann',
    middle_name: 'B',
    last_name: 'Lee',
    email: 'ann.lee@example.com',
    gender: 0,
    date_of_birth: '1980-05-02',
    current_hire_date: '2020-01-06',
    street: '1 Main St',
    city: 'Sulphur',
    state: 'LA',
    zip_code: '70663',
    country: 'US',
    timezone: 'America/Chicago',
    mobile_phone: '+12255550134',
    work_phone: '+12255550134',
    home_site_id: 500,
    current_title_id: 40,
    roles: [{ id: 3 }],
    system_access: true,
    text_opt_out: 1,
    ...overrides,
  };
}
