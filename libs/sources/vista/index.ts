export { createVistaReader, windowStart } from './reader.js';
export type { VistaReader, VistaReaderOptions } from './types.js';
export {
  VistaError,
  VistaLoginError,
  VistaQueryError,
  VistaTimeoutError,
  VistaUnavailableError,
} from './errors.js';
