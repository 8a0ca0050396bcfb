import type {
  GraphUser,
  SafetyAmpSnapshot,
  SamsaraDriver,
  SamsaraVehicle,
  SourceSnapshot,
  VistaDepartmentRow,
  VistaEmployeeRow,
  VistaJobRow,
  VistaRecentJobRow,
} from '../../libs/domain/types.js';

/**
 * A seeded, self-contained data set for planning (the domain's benchmark and property tests): sources as the
 * readers hand them over, messy the way domain.md §2.3 observed Vista (spaced and capitalised e-mails, zips
 * ending in "-", states with a trailing space, phones in several formats, titles in several spellings), and a
 * tenant that is not empty: the root without a code, the regions with home-office sites, the roles.
 */
export interface PlanDatasetSize {
  employees: number;
  jobs: number;
  departments: number;
  vehicles: number;
}

export interface PlanDataset {
  source: SourceSnapshot;
  tenant: SafetyAmpSnapshot;
}

const REGIONS = ['Lake Charles', 'Baton Rouge', 'EPC', 'Heat Trace', 'Houston', 'Beaumont'];
const FIRST = ['Ann', 'Bob', 'Carla', 'Dan', 'Eve', 'Frank', 'Gina', 'Hank', 'Iris', 'Jack', 'Kim', 'Luis'];
const LAST = [
  'Lee',
  'Smith',
  'Nguyen',
  'Garcia',
  'Brown',
  'Landry',
  'Hebert',
  'Johnson',
  'Thibodeaux',
  'Davis',
];
const TITLES = ['Electrician', 'Foreman', 'Pipefitter', 'Welder', 'Helper', 'Superintendent', 'Safety Tech'];
const AREAS = ['225', '337', '504', '713', '832', '985', '409'];

/** Mulberry32: small, fast, and the same numbers for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatePlanDataset(size: PlanDatasetSize, seed = 1): PlanDataset {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const chance = (p: number): boolean => random() < p;
  const digits = (n: number): string => String(Math.floor(random() * 10 ** n)).padStart(n, '0');

  const departments: VistaDepartmentRow[] = Array.from({ length: size.departments }, (_, i) => ({
    PRDept: String(i + 1).padStart(2, '0'),
    Description: `${pick(TITLES)} Crew ${i + 1}`,
    udRegion: chance(0.1) ? ` ${REGIONS[i % REGIONS.length]!.toUpperCase()} ` : REGIONS[i % REGIONS.length]!,
  }));
  const jobs: VistaJobRow[] = Array.from({ length: size.jobs }, (_, i) => ({
    Job: `${10000 + i}.`,
    Description: chance(0.02) ? null : `${pick(LAST)} Plant Unit ${i}`,
    Contract: `${10000 + i}.`,
    Department: chance(0.01)
      ? '99'
      : (departments[Math.floor(random() * departments.length)]?.PRDept ?? null),
    ShipAddress: chance(0.1) ? null : `${100 + i} Refinery Rd`,
    ShipCity: pick(['Sulphur', 'Westlake', 'Baton Rouge', 'Pasadena']),
    ShipState: chance(0.2) ? 'LA ' : 'LA',
    ShipZip: chance(0.1) ? `70${digits(3)}-` : `70${digits(3)}`,
  }));

  const employees: VistaEmployeeRow[] = [];
  const recentJobs: VistaRecentJobRow[] = [];
  const entraUsers: GraphUser[] = [];
  for (let i = 0; i < size.employees; i++) {
    const number = 10000 + i;
    const first = pick(FIRST);
    const last = pick(LAST);
    const email = `${first}.${last}.${number}@example.com`;
    const phone = `${pick(AREAS)}${200 + Math.floor(random() * 700)}${digits(4)}`;
    const title = pick(TITLES);
    employees.push({
      Employee: number,
      FirstName: chance(0.05) ? ` ${first} ` : first,
      MidName: chance(0.5) ? pick(FIRST).slice(0, 1) : null,
      LastName: last,
      Sex: chance(0.5) ? 'M' : 'F',
      PRDept: departments[Math.floor(random() * departments.length)]?.PRDept ?? null,
      Email: chance(0.005) ? null : chance(0.05) ? ` ${email.toUpperCase()} ` : email,
      udEmpTitle: chance(0.03) ? null : chance(0.1) ? ` ${title.toUpperCase()}` : title,
      BirthDate: new Date(
        Date.UTC(1960 + Math.floor(random() * 40), Math.floor(random() * 12), 1 + Math.floor(random() * 28)),
      ),
      HireDate: new Date(
        Date.UTC(2000 + Math.floor(random() * 25), Math.floor(random() * 12), 1 + Math.floor(random() * 28)),
      ),
      Phone: chance(0.02)
        ? 'n/a'
        : chance(0.5)
          ? `${phone.slice(0, 3)}-${phone.slice(3, 6)}-${phone.slice(6)}`
          : `(${phone.slice(0, 3)}) ${phone.slice(3, 6)}-${phone.slice(6)}`,
      Address: `${1 + Math.floor(random() * 9999)} ${pick(LAST)} St`,
      City: pick(['Sulphur', 'Lake Charles', 'Moss Bluff']),
      State: chance(0.2) ? 'LA ' : 'LA',
      Zip: chance(0.1) ? `70${digits(3)}-` : `70${digits(3)}`,
    });
    if (chance(0.9) && jobs.length > 0) {
      recentJobs.push({
        Employee: number,
        Job: pick(jobs).Job,
        PREndDate: new Date(Date.UTC(2025, 0, 1 + Math.floor(random() * 60))),
      });
    }
    if (chance(0.7)) {
      entraUsers.push({
        id: `g${number}`,
        employeeId: String(number),
        mail: chance(0.02)
          ? `${first}${number}@tenant.onmicrosoft.com`
          : `${first}.${last}.${number}@Corp.Example.com`,
        userPrincipalName: `${first}.${last}.${number}@corp.example.com`,
        accountEnabled: true,
        businessPhones: chance(0.5) ? [`+1 ${pick(AREAS)} 555 ${digits(4)}`] : [],
      });
    }
  }

  const drivers: SamsaraDriver[] = [];
  const vehicles: SamsaraVehicle[] = Array.from({ length: size.vehicles }, (_, i) => {
    const id = String(281474976710000 + i);
    const hasDriver = chance(0.6) && employees.length > 0;
    if (hasDriver)
      drivers.push({ id: `d${i}`, name: 'Driver', notes: `Emp #${String(pick(employees).Employee)}` });
    return {
      id,
      name: `Truck ${i}`,
      make: 'Ford',
      model: pick(['F-150', 'F-250', 'Transit']),
      year: String(2015 + Math.floor(random() * 10)),
      licensePlate: chance(0.1) ? null : `LA-${digits(5)}`,
      vin: chance(0.1) ? null : `1FT${digits(14)}`,
      serial: chance(0.005) ? null : `G${id.slice(-6)}${digits(3)}`,
      notes: null,
      vehicleRegulationMode: chance(0.8) ? 'regulated' : 'unregulated',
      staticAssignedDriver: hasDriver ? { id: `d${i}`, name: 'Driver' } : null,
    };
  });

  const tenant: SafetyAmpSnapshot = {
    clusters: [
      { id: 1, name: 'I&I', external_code: null, parent_cluster_id: null, depth: 0 },
      ...REGIONS.map((name, i) => ({ id: 2 + i, name, external_code: null, parent_cluster_id: 1, depth: 1 })),
    ],
    sites: REGIONS.map((name, i) => ({
      id: 5000 + i,
      name: `${name} Office`,
      external_code: null,
      cluster_id: 2 + i,
    })),
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
  };
  return { source: { departments, jobs, employees, recentJobs, entraUsers, vehicles, drivers }, tenant };
}
