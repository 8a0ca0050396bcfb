import type { Row } from './company-dataset.js';
import type { Department } from './generate-departments.js';
import { UNKNOWN_DEPARTMENT_CODES } from './generate-departments.js';
import { messyAddress } from './address.js';
import type { Random } from './random.js';
import { CLIENTS, SCOPES } from './vocabulary.js';

export interface GeneratedJobs {
  bJCJM: Row[];
  bJCCM: Row[];
  open: string[];
  closed: string[];
  /** Open jobs whose contract points at no known department (or has no bJCCM row). */
  withUnknownDepartment: string[];
}

/**
 * bJCJM and bJCCM: `openCount` open jobs and about 15 % closed ones, numbered `NNNNN.`; most contracts carry
 * one job under the same number, some several. Contract departments are PRDept codes, with a few unknown.
 */
export function generateJobs(
  random: Random,
  openCount: number,
  departments: Department[],
  company: number,
): GeneratedJobs {
  const closedCount = Math.round(openCount * 0.15);
  const total = openCount + closedCount;
  if (total > 89_000) throw new RangeError('too many jobs for 5-digit job numbers');
  const withRegion = departments.filter((d) => d.region !== null);
  const step = Math.max(1, Math.floor(89_000 / Math.max(total, 1)));
  const statuses = random.shuffle([
    ...Array<number>(openCount).fill(1),
    ...Array<number>(closedCount).fill(3),
  ]);

  const bJCJM: Row[] = [];
  const bJCCM: Row[] = [];
  const open: string[] = [];
  const closed: string[] = [];
  const withUnknownDepartment: string[] = [];
  const contractDepartment = new Map<string, string | null>();
  const known = new Set(departments.map((d) => d.code));
  let number = 10_000 + random.int(0, step - 1);
  let contract = '';

  for (let i = 0; i < total; i++) {
    const job = `${number}.`;
    number += random.int(1, step);
    if (contract === '' || !random.chance(0.2)) {
      contract = job;
      const department = random.weighted<string | null>([
        [random.pick(withRegion.length ? withRegion : departments).code, 96],
        [UNKNOWN_DEPARTMENT_CODES[0] as string, 2],
        [null, 1],
        ['', 1],
      ]);
      // '' marks a contract without a bJCCM row (the LEFT JOIN yields no department).
      contractDepartment.set(contract, department);
      if (department !== '') bJCCM.push({ JCCo: company, Contract: contract, Department: department });
    }
    const status = statuses[i] as number;
    const address = messyAddress(random);
    bJCJM.push({
      JCCo: company,
      Job: job,
      Description: random.chance(0.02) ? null : `${random.pick(CLIENTS)} ${random.pick(SCOPES)}`,
      Contract: contract,
      JobStatus: status,
      ShipAddress: address.street,
      ShipCity: random.chance(0.95) ? address.city : null,
      ShipState: address.state,
      ShipZip: address.zip,
    });
    (status === 1 ? open : closed).push(job);
    const department = contractDepartment.get(contract);
    if (status === 1 && !known.has(department ?? '')) withUnknownDepartment.push(job);
  }
  return { bJCJM, bJCCM, open, closed, withUnknownDepartment };
}
