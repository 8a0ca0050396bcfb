import type { CompanyDataset, GenerateCompanyOptions } from './company-dataset.js';
import { generateDepartments } from './generate-departments.js';
import { generateEmployees } from './generate-employees.js';
import { generateEntraUsers } from './generate-entra.js';
import { generateJobs } from './generate-jobs.js';
import { generatePayHistory } from './generate-pay-history.js';
import { generateSafetyAmpSeed } from './generate-safetyamp-seed.js';
import { generateSamsaraFleet } from './generate-samsara.js';
import { createRandom } from './random.js';
import { startOfDay } from './vista-dates.js';

/**
 * A realistic company for the simulators: Vista tables, Entra users, Samsara vehicles and drivers and the
 * SafetyAmp tenant as it stands before the first sync. The same options always give the same data.
 * Each part draws from its own random stream, so changing one size does not reshuffle the others.
 */
export function generateCompany(options: GenerateCompanyOptions): CompanyDataset {
  const company = options.company ?? 1;
  const asOfMs = startOfDay(options.asOf);
  const stream = (n: number) => createRandom((options.seed * 7919 + n * 104_729) >>> 0);

  const { rows: bPRDP, departments, regions } = generateDepartments(stream(1), options.departments, company);
  const jobs = generateJobs(stream(2), options.jobs, departments, company);
  const { rows: bPREH, people } = generateEmployees(
    stream(3),
    {
      active: options.employees,
      terminated: Math.round(options.employees * (options.terminatedShare ?? 0.05)),
      invalid: Math.round(options.employees * (options.invalidShare ?? 0.02)),
    },
    departments,
    company,
    asOfMs,
  );
  const history = generatePayHistory(stream(4), people, jobs, company, asOfMs);
  const entra = generateEntraUsers(stream(5), people);
  const fleet = generateSamsaraFleet(stream(6), options.vehicles, people, regions, asOfMs);
  const safetyamp = generateSafetyAmpSeed(stream(7), regions);

  const byKind = (kind: string) => people.filter((p) => p.invalid === kind).map((p) => p.employee);
  return {
    vista: { bPREH, bPRDP, bJCJM: jobs.bJCJM, bJCCM: jobs.bJCCM, bPRJC: history.rows },
    graph: { users: entra.users },
    samsara: { vehicles: fleet.vehicles, drivers: fleet.drivers },
    safetyamp,
    cases: {
      terminated: people.filter((p) => !p.active).map((p) => p.employee),
      missingLastName: byKind('missingLastName'),
      noEmail: byKind('noEmail'),
      duplicateEmail: byKind('duplicateEmail'),
      unknownDepartment: byKind('unknownDepartment'),
      withRecentJob: Object.keys(history.recentJob).map(Number),
      recentJob: history.recentJob,
      otherCompanyRows: history.otherCompanyRows,
      disabledEntraUsers: entra.disabled,
      onMicrosoftEntraUsers: entra.onMicrosoft,
      vehiclesWithoutSerial: fleet.withoutSerial,
      vehiclesSharingSerial: fleet.sharingSerial,
      jobsWithUnknownDepartment: jobs.withUnknownDepartment,
    },
  };
}
