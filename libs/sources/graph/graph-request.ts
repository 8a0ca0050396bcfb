import pRetry, { AbortError } from 'p-retry';
import { Counter } from 'prom-client';
import { createLogger } from '../../platform/logger.js';
import { metricsRegistry, singletonMetric } from '../../platform/metrics.js';
import {
  GraphAuthError,
  GraphError,
  GraphRequestError,
  GraphThrottledError,
  GraphUnreachableError,
} from './graph-errors.js';
import type { GraphTokenSource } from './graph-token.js';
import type { GraphTransport } from './graph-transport.js';
import { describeFetchFailure } from './graph-transport.js';
import { retryAfterMs } from './retry-after.js';

const log = createLogger('graph');

/** How the reader retries: 5xx and network failures with exponential backoff; 429s by waiting Retry-After. */
export interface GraphRetryOptions {
  /** Retries after a 5xx, timeout or connection failure (default 4). */
  retries?: number;
  /** First backoff delay in ms, doubled each retry, randomised (default 1000). */
  minDelayMs?: number;
  /** 429 answers accepted for one request before giving up (default 10). */
  maxThrottled?: number;
  /** Longest Retry-After honoured; a longer one fails the request at once (default 120 s). */
  maxRetryAfterMs?: number;
}

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

/** A cached token Graph refused: fetch a fresh one once, then give up. */
class StaleToken extends GraphAuthError {}

/**
 * GET a Graph URL as JSON with the bearer token, retrying as {@link GraphRetryOptions} says.
 * `endpoint` is the template used in logs and metrics (never the query, which may hold an employee id).
 */
export function createGraphGet(deps: {
  transport: GraphTransport;
  tokens: GraphTokenSource;
  timeoutMs: number;
  retry?: GraphRetryOptions;
}): <T>(url: string, endpoint: string) => Promise<T> {
  const retries = deps.retry?.retries ?? 4;
  const minTimeout = deps.retry?.minDelayMs ?? 1000;
  const maxThrottled = deps.retry?.maxThrottled ?? 10;
  const maxRetryAfterMs = deps.retry?.maxRetryAfterMs ?? 120_000;

  return async function graphGet<T>(url: string, endpoint: string): Promise<T> {
    let refreshToken = false;
    let throttled = 0;
    const attempt = async (): Promise<T> => {
      const token = await deps.tokens.get(refreshToken);
      let response;
      try {
        response = await deps.transport.get(
          url,
          { authorization: `Bearer ${token}`, accept: 'application/json' },
          deps.timeoutMs,
        );
      } catch (error) {
        requests().inc({ source: 'graph', endpoint, status: '0' });
        throw new GraphUnreachableError(
          `Graph GET ${endpoint} got no answer: ${describeFetchFailure(error)}`,
          {
            cause: error,
          },
        );
      }
      requests().inc({ source: 'graph', endpoint, status: String(response.status) });
      if (response.ok) return (await response.json()) as T;

      const { code, message } = await readGraphError(response);
      const what = `Graph GET ${endpoint} answered ${response.status}${code ? ` ${code}` : ''}: ${message}`;
      if (response.status === 429) {
        throw new GraphThrottledError(what, retryAfterMs(response.headers.get('retry-after'), 1000));
      }
      if (response.status === 401 && !refreshToken) {
        refreshToken = true;
        throw new StaleToken(what, 401);
      }
      if (response.status === 401 || response.status === 403) {
        throw new AbortError(new GraphAuthError(`${what} (check the app's permissions and secret)`, 401));
      }
      const error = new GraphRequestError(what, response.status, code);
      if (response.status >= 500) throw error;
      throw new AbortError(error);
    };

    return pRetry(attempt, {
      retries,
      minTimeout,
      factor: 2,
      randomize: true,
      onFailedAttempt: async ({ error, retriesLeft }) => {
        if (!(error instanceof GraphThrottledError)) {
          if (isServiceFailure(error) && retriesLeft > 0) {
            log.warn('graph request failed, retrying', { endpoint, error: error.message });
          }
          return;
        }
        throttled += 1;
        if (throttled > maxThrottled || error.retryAfterMs > maxRetryAfterMs) throw error;
        log.warn('graph throttled, waiting Retry-After', { endpoint, retryAfterMs: error.retryAfterMs });
        await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs));
      },
      // A 429 (already waited out) and a refreshed token are not failures of the service.
      shouldConsumeRetry: ({ error }) =>
        !(error instanceof GraphThrottledError || error instanceof StaleToken),
      shouldRetry: ({ error }) =>
        error instanceof GraphThrottledError || error instanceof StaleToken || isServiceFailure(error),
    }).catch((error: unknown) => {
      throw error instanceof GraphError
        ? error
        : new GraphUnreachableError(describeFetchFailure(error), { cause: error });
    });
  };
}

function isServiceFailure(error: Error): boolean {
  return (
    error instanceof GraphUnreachableError || (error instanceof GraphRequestError && error.status >= 500)
  );
}

async function readGraphError(response: { text(): Promise<string> }) {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return { code: body.error?.code, message: body.error?.message ?? '(no message)' };
  } catch {
    return { code: undefined, message: text.slice(0, 200) || '(empty body)' };
  }
}
