import { demoCompanyOptions, type GenerateCompanyOptions } from '../../simulators/dataset/index.js';

/**
 * The company the demo generates: at 2,000 employees the 800 jobs, 40 departments and 300 vehicles; a
 * smaller or larger company keeps those proportions.
 */
export function demoCompany(employees: number, asOf: Date): GenerateCompanyOptions {
  return {
    ...demoCompanyOptions(asOf),
    employees,
    jobs: Math.max(1, Math.round(employees * 0.4)),
    departments: Math.max(2, Math.round(employees / 50)),
    vehicles: Math.max(1, Math.round(employees * 0.15)),
  };
}
