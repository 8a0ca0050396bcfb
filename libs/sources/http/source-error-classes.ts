/**
 * The error classes of one source, by the role each plays in a request: {@link createJsonGet} throws these
 * and recognises them (also when the credentials throw them) to decide what to retry.
 */
export interface SourceErrorClasses {
  /** The source's root class: anything else that escapes a request is reported as `Unreachable`. */
  readonly Base: abstract new (...args: never[]) => Error;
  /** No answer: connection refused, TLS failure, timeout. Retried. */
  readonly Unreachable: new (message: string, options?: ErrorOptions) => Error;
  /** The source refused the credentials (401/403). Not retried. */
  readonly Auth: new (message: string, status: number) => Error;
  /** An HTTP error status; retried when 5xx. */
  readonly Request: new (
    message: string,
    status: number,
    code?: string,
  ) => Error & { readonly status: number };
  /** 429, waited out per Retry-After until the request's limits are used up. */
  readonly Throttled: new (
    message: string,
    retryAfterMs: number,
  ) => Error & { readonly retryAfterMs: number };
}
