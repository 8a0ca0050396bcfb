import { SourceError } from '../http/source-error.js';

/** Base class of every failure reading Entra ID through Microsoft Graph. */
export class GraphError extends SourceError {}

/**
 * The token authority refused the client credentials, or Graph refused the access token (401/403).
 * Not retried: configuration (tenant, client id, secret, permissions) must change first.
 */
export class GraphAuthError extends GraphError {
  constructor(
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Graph answered with an HTTP error status (after the retries a 5xx gets). */
export class GraphRequestError extends GraphError {
  constructor(
    message: string,
    readonly status: number,
    /** Graph's `error.code`, e.g. `BadRequest`, `ServiceUnavailable`. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Graph kept answering 429, or asked to wait longer than the reader is willing to. */
export class GraphThrottledError extends GraphRequestError {
  constructor(
    message: string,
    /** How long Graph asked to wait (Retry-After), in milliseconds. */
    readonly retryAfterMs: number,
  ) {
    super(message, 429, 'TooManyRequests');
  }
}

/** No answer from Graph or the token authority: connection refused, TLS failure, timeout. */
export class GraphUnreachableError extends GraphError {}
