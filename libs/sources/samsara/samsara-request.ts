import pRetry, { AbortError } from 'p-retry';
import pThrottle from 'p-throttle';
import { Counter } from 'prom-client';
import { createLogger } from '../../platform/logger.js';
import { metricsRegistry, singletonMetric } from '../../platform/metrics.js';
import {
  SamsaraAuthError,
  SamsaraError,
  SamsaraRequestError,
  SamsaraThrottledError,
  SamsaraUnreachableError,
} from './samsara-errors.js';
import { retryAfterMs } from './retry-after.js';

const log = createLogger('samsara');

/** How the reader retries: 5xx and network failures with exponential backoff; 429s by waiting Retry-After. */
export interface SamsaraRetryOptions {
  /** Retries after a 5xx, timeout or connection failure (default 4). */
  retries?: number;
  /** First backoff delay in ms, doubled each retry, randomised (default 1000). */
  minDelayMs?: number;
  /** 429 answers accepted for one request before giving up (default 10). */
  maxThrottled?: number;
  /** Longest Retry-After honoured; a longer one fails the request at once (default 120 s). */
  maxRetryAfterMs?: number;
}

export interface SamsaraGetOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  /** Client-side limit on requests started per second (Samsara's documented default is 25/s per token). */
  requestsPerSecond: number;
  retry?: SamsaraRetryOptions;
}

/** A GET of a Samsara path: `null` on 404 when `allowNotFound`, the parsed JSON body otherwise. */
export type SamsaraGet = <T>(path: string, endpoint: string, allowNotFound?: boolean) => Promise<T | null>;

const requests = (): Counter =>
  singletonMetric(
    'safetyamp_source_http_requests_total',
    () =>
      new Counter({
        name: 'safetyamp_source_http_requests_total',
        help: 'HTTP requests the source readers made, by source, endpoint template and status (0 = no answer)',
        labelNames: ['source', 'endpoint', 'status'],
        registers: [metricsRegistry],
      }),
  );

/**
 * GET with the bearer API key under a client-side rate limit, retrying as {@link SamsaraRetryOptions} says.
 * Every non-2xx ends in a thrown `SamsaraError`: a listing is never silently cut short.
 */
export function createSamsaraGet(options: SamsaraGetOptions): SamsaraGet {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const throttle = pThrottle({ limit: options.requestsPerSecond, interval: 1000 });
  const send = throttle((url: string) =>
    fetch(url, {
      headers: { authorization: `Bearer ${options.apiKey}`, accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs),
    }),
  );
  const retries = options.retry?.retries ?? 4;
  const minTimeout = options.retry?.minDelayMs ?? 1000;
  const maxThrottled = options.retry?.maxThrottled ?? 10;
  const maxRetryAfterMs = options.retry?.maxRetryAfterMs ?? 120_000;

  return async function samsaraGet<T>(path: string, endpoint: string, allowNotFound = false) {
    let throttled = 0;
    const attempt = async (): Promise<T | null> => {
      let response: Response;
      try {
        response = await send(`${baseUrl}${path}`);
      } catch (error) {
        requests().inc({ source: 'samsara', endpoint, status: '0' });
        throw new SamsaraUnreachableError(`Samsara GET ${endpoint} got no answer: ${describe(error)}`, {
          cause: error,
        });
      }
      requests().inc({ source: 'samsara', endpoint, status: String(response.status) });
      if (response.ok) {
        try {
          return (await response.json()) as T;
        } catch {
          throw new SamsaraRequestError(
            `Samsara GET ${endpoint} answered ${response.status} with invalid JSON`,
            502,
          );
        }
      }
      if (response.status === 404 && allowNotFound) return null;
      const what = `Samsara GET ${endpoint} answered ${response.status}: ${await readMessage(response)}`;
      if (response.status === 429) {
        throw new SamsaraThrottledError(what, retryAfterMs(response.headers.get('retry-after'), 1000));
      }
      if (response.status === 401 || response.status === 403) {
        throw new AbortError(
          new SamsaraAuthError(`${what} (check SAMSARA_API_KEY and its scopes)`, response.status),
        );
      }
      const error = new SamsaraRequestError(what, response.status);
      if (response.status >= 500) throw error;
      throw new AbortError(error);
    };

    return pRetry(attempt, {
      retries,
      minTimeout,
      factor: 2,
      randomize: true,
      onFailedAttempt: async ({ error, retriesLeft }) => {
        if (!(error instanceof SamsaraThrottledError)) {
          if (isServiceFailure(error) && retriesLeft > 0) {
            log.warn('samsara request failed, retrying', { endpoint, error: error.message });
          }
          return;
        }
        throttled += 1;
        if (throttled > maxThrottled || error.retryAfterMs > maxRetryAfterMs) throw error;
        log.warn('samsara throttled, waiting Retry-After', { endpoint, retryAfterMs: error.retryAfterMs });
        await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs));
      },
      shouldConsumeRetry: ({ error }) => !(error instanceof SamsaraThrottledError),
      shouldRetry: ({ error }) => error instanceof SamsaraThrottledError || isServiceFailure(error),
    }).catch((error: unknown) => {
      throw error instanceof SamsaraError
        ? error
        : new SamsaraUnreachableError(describe(error), { cause: error });
    });
  };
}

function isServiceFailure(error: Error): boolean {
  return (
    error instanceof SamsaraUnreachableError || (error instanceof SamsaraRequestError && error.status >= 500)
  );
}

async function readMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { message?: string };
    return body.message ?? '(no message)';
  } catch {
    return text.slice(0, 200) || '(empty body)';
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ? `${error.message} (${cause.code})` : error.message;
}
