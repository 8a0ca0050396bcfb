/** The company data set generator: one realistic company for all four simulators. */
export { generateCompany } from './generate-company.js';
export { writeCompanyFiles } from './write-company-files.js';
export type { CompanyFiles } from './write-company-files.js';
export { demoCompanyOptions } from './company-dataset.js';
export type {
  CompanyDataset,
  DatasetCases,
  GenerateCompanyOptions,
  GeneratedDriver,
  Row,
  SafetyAmpSeed,
} from './company-dataset.js';
export { DEFAULT_VEHICLE_SITE_ID, VEHICLE_ASSET_TYPE_ID } from './generate-safetyamp-seed.js';
