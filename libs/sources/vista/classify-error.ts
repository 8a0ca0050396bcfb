import sql from 'mssql';
import {
  VistaError,
  VistaLoginError,
  VistaQueryError,
  VistaTimeoutError,
  VistaUnavailableError,
} from './errors.js';

interface DriverError {
  code?: unknown;
  number?: unknown;
  message?: unknown;
}

/** Turns a driver (or breaker) failure into the reader's error classes; Vista errors pass through. */
export function classifyVistaError(err: unknown): VistaError {
  if (err instanceof VistaError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as DriverError;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code === 'EOPENBREAKER') {
    return new VistaUnavailableError(
      'Vista circuit breaker is open: not querying until it half-opens',
      code,
      {
        cause: err,
      },
    );
  }
  if (err instanceof sql.ConnectionError) {
    if (code === 'ELOGIN') return new VistaLoginError(`Vista refused the login: ${message}`, { cause: err });
    return new VistaUnavailableError(`Vista unreachable: ${message}`, code, { cause: err });
  }
  if (err instanceof sql.RequestError) {
    if (code === 'ETIMEOUT' || code === 'ECANCEL') {
      return new VistaTimeoutError(`Vista query timed out and was cancelled: ${message}`, { cause: err });
    }
    // SQL Server errors carry their number; a request failing without one lost its connection.
    if (typeof e.number === 'number' && e.number > 0) {
      return new VistaQueryError(`Vista rejected the query: ${message}`, e.number, { cause: err });
    }
    return new VistaUnavailableError(`Vista connection lost during the query: ${message}`, code, {
      cause: err,
    });
  }
  return new VistaUnavailableError(`Vista read failed: ${message}`, code, { cause: err });
}

/** Worth another attempt: the connection failed, and it was not the breaker refusing. */
export function isTransientVistaError(err: VistaError): boolean {
  return err instanceof VistaUnavailableError && err.code !== 'EOPENBREAKER';
}
