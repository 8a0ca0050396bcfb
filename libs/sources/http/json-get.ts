import pRetry, { AbortError } from 'p-retry';
import pThrottle from 'p-throttle';
import { fetch } from 'undici';
import type { Dispatcher, Response } from 'undici';
import { createLogger } from '../../platform/logger.js';
import { describeFetchFailure } from './describe-fetch-failure.js';
import { retryAfterMs } from './retry-after.js';
import type { HttpRetryOptions } from './retry-options.js';
import type { SourceErrorClasses } from './source-error-classes.js';
import { sourceRequestsMetric } from './source-requests-metric.js';

/** Supplies the Authorization header of a source's requests. */
export interface SourceCredentials {
  /** The header value; `fresh` asks for a new one after the source refused the last one. */
  authorization(fresh: boolean): Promise<string>;
  /** The header is a cached token that may have gone stale: a first 401 is retried once with a fresh one. */
  readonly refreshable: boolean;
}

/** What a source says about a failed request. */
export interface SourceErrorDetail {
  /** The source's own error code, e.g. Graph's `ServiceUnavailable`. */
  code?: string;
  message: string;
}

/** How to reach one source and how it speaks; everything else about a GET is the same for every source. */
export interface JsonGetOptions {
  /** Lower-case name for logs and the `source` metric label, e.g. `graph`. */
  source: string;
  /** The name in error messages, e.g. `Graph`. */
  title: string;
  errors: SourceErrorClasses;
  credentials: SourceCredentials;
  /** Reads the source's JSON error body; may throw on an unexpected shape (the raw text is used then). */
  describeErrorBody(body: unknown): SourceErrorDetail;
  /** What to check, added to the message of a 401/403. */
  authHint: string;
  /** Per HTTP request. */
  timeoutMs: number;
  /** Connection pool (e.g. one trusting an extra CA); the process-wide one when absent. */
  dispatcher?: Dispatcher;
  /** Client-side limit on requests started per second; none when absent. */
  requestsPerSecond?: number;
  retry?: HttpRetryOptions;
}

/**
 * GET of a URL as JSON: the parsed body, or `null` on a 404 when `allowNotFound`. `endpoint` is the template
 * used in logs and metrics (never the query, which may hold an employee id). Every other non-2xx ends in a
 * thrown source error: a listing is never silently cut short.
 */
export type JsonGet = <T>(url: string, endpoint: string, allowNotFound?: boolean) => Promise<T | null>;

/** A {@link JsonGet}'s body with the source's clock: the `Date` header of the answer (second precision). */
export interface JsonAnswer<T> {
  body: T | null;
  /** When the source answered, by its own clock; null without a readable `Date` header. */
  serverDate: Date | null;
}

/** A {@link JsonGet} that also returns the answer's `Date` header. */
export type JsonRequest = <T>(
  url: string,
  endpoint: string,
  allowNotFound?: boolean,
) => Promise<JsonAnswer<T>>;

/**
 * A {@link JsonGet} for one source: 5xx, timeouts and connection failures retried with exponential backoff;
 * 429s waited out per Retry-After without using up those retries, up to the limits {@link HttpRetryOptions}
 * sets; 401/403 and other 4xx not retried.
 */
export function createJsonGet(options: JsonGetOptions): JsonGet {
  const request = createJsonRequest(options);
  return async <T>(url: string, endpoint: string, allowNotFound = false) =>
    (await request<T>(url, endpoint, allowNotFound)).body;
}

/** {@link createJsonGet}, answering the body with the source's `Date` header. */
export function createJsonRequest(options: JsonGetOptions): JsonRequest {
  const { source, title, errors, credentials } = options;
  const log = createLogger(source);
  const fetchJson = (url: string, authorization: string) =>
    fetch(url, {
      headers: { authorization, accept: 'application/json' },
      dispatcher: options.dispatcher,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  const send = options.requestsPerSecond
    ? pThrottle({ limit: options.requestsPerSecond, interval: 1000 })(fetchJson)
    : fetchJson;
  const retries = options.retry?.retries ?? 4;
  const minTimeout = options.retry?.minDelayMs ?? 1000;
  const maxThrottled = options.retry?.maxThrottled ?? 10;
  const maxRetryAfterMs = options.retry?.maxRetryAfterMs ?? 120_000;

  const isServiceFailure = (error: unknown) =>
    error instanceof errors.Unreachable || (error instanceof errors.Request && error.status >= 500);

  return async function jsonRequest<T>(url: string, endpoint: string, allowNotFound = false) {
    let fresh = false;
    let staleRefusal: Error | undefined;
    let throttled = 0;
    const attempt = async (): Promise<JsonAnswer<T>> => {
      const authorization = await credentials.authorization(fresh);
      let response: Response;
      try {
        response = await send(url, authorization);
      } catch (error) {
        sourceRequestsMetric().inc({ source, endpoint, status: '0' });
        throw new errors.Unreachable(
          `${title} GET ${endpoint} got no answer: ${describeFetchFailure(error)}`,
          {
            cause: error,
          },
        );
      }
      sourceRequestsMetric().inc({ source, endpoint, status: String(response.status) });
      const serverDate = readDate(response.headers.get('date'));
      if (response.ok) {
        try {
          return { body: (await response.json()) as T, serverDate };
        } catch {
          throw new errors.Request(
            `${title} GET ${endpoint} answered ${response.status} with invalid JSON`,
            502,
          );
        }
      }
      if (response.status === 404 && allowNotFound) return { body: null, serverDate };

      const { code, message } = await readErrorDetail(response, options.describeErrorBody);
      const what = `${title} GET ${endpoint} answered ${response.status}${code ? ` ${code}` : ''}: ${message}`;
      if (response.status === 429) {
        throw new errors.Throttled(what, retryAfterMs(response.headers.get('retry-after'), 1000));
      }
      if (response.status === 401 && credentials.refreshable && !fresh) {
        fresh = true;
        staleRefusal = new errors.Auth(what, 401);
        throw staleRefusal;
      }
      if (response.status === 401 || response.status === 403) {
        throw new AbortError(new errors.Auth(`${what} (${options.authHint})`, response.status));
      }
      const error = new errors.Request(what, response.status, code);
      if (response.status >= 500) throw error;
      throw new AbortError(error);
    };

    return pRetry(attempt, {
      retries,
      minTimeout,
      factor: 2,
      randomize: true,
      onFailedAttempt: async ({ error, retriesLeft }) => {
        if (!(error instanceof errors.Throttled)) {
          if (isServiceFailure(error) && retriesLeft > 0) {
            log.warn(`${source} request failed, retrying`, { endpoint, error: error.message });
          }
          return;
        }
        throttled += 1;
        if (throttled > maxThrottled || error.retryAfterMs > maxRetryAfterMs) throw error;
        log.warn(`${source} throttled, waiting Retry-After`, { endpoint, retryAfterMs: error.retryAfterMs });
        await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs));
      },
      // A 429 (already waited out) and a refused stale token are not failures of the service.
      shouldConsumeRetry: ({ error }) => !(error instanceof errors.Throttled || error === staleRefusal),
      shouldRetry: ({ error }) =>
        error instanceof errors.Throttled || error === staleRefusal || isServiceFailure(error),
    }).catch((error: unknown) => {
      throw error instanceof errors.Base
        ? error
        : new errors.Unreachable(describeFetchFailure(error), { cause: error });
    });
  };
}

function readDate(header: string | null): Date | null {
  const ms = header === null ? NaN : Date.parse(header);
  return Number.isNaN(ms) ? null : new Date(ms);
}

async function readErrorDetail(
  response: Response,
  describeErrorBody: JsonGetOptions['describeErrorBody'],
): Promise<SourceErrorDetail> {
  const text = await response.text().catch(() => '');
  try {
    return describeErrorBody(JSON.parse(text));
  } catch {
    return { message: text.slice(0, 200) || '(empty body)' };
  }
}
