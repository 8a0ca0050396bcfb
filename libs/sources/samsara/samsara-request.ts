import { createJsonRequest } from '../http/json-get.js';
import type { JsonAnswer } from '../http/json-get.js';
import type { SourceErrorDetail } from '../http/json-get.js';
import type { HttpRetryOptions } from '../http/retry-options.js';
import {
  SamsaraAuthError,
  SamsaraError,
  SamsaraRequestError,
  SamsaraThrottledError,
  SamsaraUnreachableError,
} from './samsara-errors.js';

/** How the reader retries: 5xx and network failures with exponential backoff; 429s by waiting Retry-After. */
export type SamsaraRetryOptions = HttpRetryOptions;

export interface SamsaraGetOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  /** Client-side limit on requests started per second (Samsara's documented default is 25/s per token). */
  requestsPerSecond: number;
  retry?: SamsaraRetryOptions;
}

/**
 * A GET of a Samsara path: the parsed JSON body (`null` on 404 when `allowNotFound`) and Samsara's clock when it
 * answered (the `Date` header).
 */
export type SamsaraGet = <T>(
  path: string,
  endpoint: string,
  allowNotFound?: boolean,
) => Promise<JsonAnswer<T>>;

/**
 * GET with the bearer API key under a client-side rate limit, retrying as {@link SamsaraRetryOptions} says.
 * Every non-2xx ends in a thrown `SamsaraError`: a listing is never silently cut short.
 */
export function createSamsaraGet(options: SamsaraGetOptions): SamsaraGet {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const authorization = `Bearer ${options.apiKey}`;
  const get = createJsonRequest({
    source: 'samsara',
    title: 'Samsara',
    errors: {
      Base: SamsaraError,
      Unreachable: SamsaraUnreachableError,
      Auth: SamsaraAuthError,
      Request: SamsaraRequestError,
      Throttled: SamsaraThrottledError,
    },
    credentials: { refreshable: false, authorization: () => Promise.resolve(authorization) },
    describeErrorBody: describeSamsaraError,
    authHint: 'check SAMSARA_API_KEY and its scopes',
    timeoutMs: options.timeoutMs,
    requestsPerSecond: options.requestsPerSecond,
    retry: options.retry,
  });
  return (path, endpoint, allowNotFound) => get(`${baseUrl}${path}`, endpoint, allowNotFound);
}

/** Samsara's `{ message, requestId }`. */
function describeSamsaraError(body: unknown): SourceErrorDetail {
  return { message: (body as { message?: string }).message ?? '(no message)' };
}
