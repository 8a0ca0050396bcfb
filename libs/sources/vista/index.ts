export { createVistaReader, windowStart } from './reader.js';
export type { VistaReader, VistaReaderOptions } from './types.js';
export type { VistaChangeFingerprint } from './change-fingerprint.js';
export { VISTA_READ_PARTS } from './fingerprint-queries.js';
export type { VistaReadPart } from './fingerprint-queries.js';
export {
  VistaError,
  VistaLoginError,
  VistaQueryError,
  VistaTimeoutError,
  VistaUnavailableError,
} from './errors.js';
