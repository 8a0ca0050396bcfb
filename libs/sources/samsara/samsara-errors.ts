import { SourceError } from '../http/source-error.js';

/** Base class of every failure reading Samsara. */
export class SamsaraError extends SourceError {}

/** Samsara refused the API key (401/403). Not retried: the key or its scopes must change first. */
export class SamsaraAuthError extends SamsaraError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Samsara answered with an HTTP error status (after the retries a 5xx gets), or an unreadable body. */
export class SamsaraRequestError extends SamsaraError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Samsara kept answering 429, or asked to wait longer than the reader is willing to. */
export class SamsaraThrottledError extends SamsaraRequestError {
  constructor(
    message: string,
    /** How long Samsara asked to wait (Retry-After), in milliseconds. */
    readonly retryAfterMs: number,
  ) {
    super(message, 429);
  }
}

/** No answer: connection refused, TLS failure, timeout. */
export class SamsaraUnreachableError extends SamsaraError {}
