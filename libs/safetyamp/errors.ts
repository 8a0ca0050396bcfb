/**
 * Failures of the SafetyAmp API, one class per meaning, so that a caller (a BullMQ worker) decides with
 * `instanceof`: retry later, fail the record at once, or stop the fleet because it is misconfigured.
 */

/** Base of every SafetyAmp failure. `retryable` says whether the same call may succeed later unchanged. */
export abstract class SafetyAmpError extends Error {
  abstract readonly retryable: boolean;
  /** HTTP status of the answer, when there was one. */
  readonly status: number | undefined;

  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.status = status;
  }
}

/** 429: the tenant's budget is spent. The whole fleet has been paused for `retryAfterMs`. */
export class SafetyAmpRateLimited extends SafetyAmpError {
  readonly retryable = true;

  constructor(
    message: string,
    /** How long SafetyAmp asked us to wait (its `Retry-After`), in milliseconds. */
    readonly retryAfterMs: number,
  ) {
    super(message, 429);
  }
}

/**
 * 5xx, a dropped connection or a timeout: SafetyAmp may answer later. When a write was sent and its answer
 * was lost, `outcomeUnknown` is true: the record may exist now, so look it up before creating it again.
 */
export class SafetyAmpUnavailable extends SafetyAmpError {
  readonly retryable = true;
  /** True when a write may have been applied although no success answer came back. */
  readonly outcomeUnknown: boolean;

  constructor(message: string, options: { status?: number; outcomeUnknown?: boolean; cause?: unknown } = {}) {
    super(message, options.status, { cause: options.cause });
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }
}

/** 422: this record is wrong. Retrying the same body cannot help; `fields` says which field and why. */
export class SafetyAmpValidationError extends SafetyAmpError {
  readonly retryable = false;

  constructor(
    message: string,
    /** Laravel-style field errors: `{ email: ['The email has already been taken.'] }`. */
    readonly fields: Record<string, string[]>,
  ) {
    super(message, 422);
  }
}

/** 400, 401, 403: we are misconfigured (token, Fqdn header, base URL). Every call will fail the same way. */
export class SafetyAmpConfigurationError extends SafetyAmpError {
  readonly retryable = false;
}

/** 404: the id in the path does not exist (any more) in SafetyAmp. */
export class SafetyAmpNotFound extends SafetyAmpError {
  readonly retryable = false;

  constructor(message: string) {
    super(message, 404);
  }
}

/** The circuit breaker is open after a run of failures: no call was made. Retry later. */
export class SafetyAmpCircuitOpen extends SafetyAmpError {
  readonly retryable = true;

  constructor() {
    super('SafetyAmp circuit breaker is open: calls are suspended after a run of failures');
  }
}

/**
 * SafetyAmp answered, but not as the contract says: a listing record without a usable id or of the wrong shape,
 * a listing that never ends or ends short of its own `meta.total`. Taking such an answer in would put garbage in
 * the mirror or hide records (and a hidden record is created again: a duplicate), so the call fails instead.
 * Not retryable: the same call gets the same answer. The message names the endpoint and what was wrong, never
 * a record's content.
 */
export class SafetyAmpProtocolError extends SafetyAmpError {
  readonly retryable = false;

  constructor(
    /** `GET /api/sites`, for example. */
    readonly endpoint: string,
    /** What was wrong, e.g. `page 2, record 1: id is missing`. */
    readonly problem: string,
  ) {
    super(`${endpoint}: ${problem}`);
  }
}
