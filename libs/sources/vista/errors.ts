/** Base class of every failure reading Vista. */
export class VistaError extends Error {
  override name = 'VistaError';
}

/**
 * SQL Server could not be reached or the connection was lost, after the reader's retries; or the circuit
 * breaker is open. Transient: a later run may succeed.
 */
export class VistaUnavailableError extends VistaError {
  override name = 'VistaUnavailableError';
  constructor(
    message: string,
    /** The driver's code (ESOCKET, ECONNCLOSED, ETIMEOUT...) or EOPENBREAKER. */
    readonly code?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The login was refused (user, password or database): configuration must change. */
export class VistaLoginError extends VistaError {
  override name = 'VistaLoginError';
}

/** A query ran longer than the request timeout; the driver cancelled it. */
export class VistaTimeoutError extends VistaError {
  override name = 'VistaTimeoutError';
}

/** SQL Server rejected a query (syntax, unknown object...): a defect, not retried. */
export class VistaQueryError extends VistaError {
  override name = 'VistaQueryError';
  constructor(
    message: string,
    /** SQL Server's error number (e.g. 208 invalid object name). */
    readonly number?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
