/** Samsara vehicles and drivers: the reader and its errors. */
export { createSamsaraReader } from './samsara-reader.js';
export type { SamsaraReader, SamsaraReaderOptions, SourceHealth } from './samsara-reader.js';
export type { SamsaraRetryOptions } from './samsara-request.js';
export type { SamsaraVehicleChanges } from './vehicle-changes.js';
export {
  SamsaraAuthError,
  SamsaraError,
  SamsaraRequestError,
  SamsaraThrottledError,
  SamsaraUnreachableError,
} from './samsara-errors.js';
