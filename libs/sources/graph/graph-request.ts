import { createJsonGet } from '../http/json-get.js';
import type { SourceErrorDetail } from '../http/json-get.js';
import type { HttpRetryOptions } from '../http/retry-options.js';
import {
  GraphAuthError,
  GraphError,
  GraphRequestError,
  GraphThrottledError,
  GraphUnreachableError,
} from './graph-errors.js';
import type { GraphTokenSource } from './graph-token.js';
import type { GraphTransport } from './graph-transport.js';

/** How the reader retries: 5xx and network failures with exponential backoff; 429s by waiting Retry-After. */
export type GraphRetryOptions = HttpRetryOptions;

/**
 * GET a Graph URL as JSON with the bearer token, retrying as {@link GraphRetryOptions} says; a token Graph
 * refuses is replaced once by a fresh one. `endpoint` is the template used in logs and metrics.
 */
export function createGraphGet(deps: {
  transport: GraphTransport;
  tokens: GraphTokenSource;
  timeoutMs: number;
  retry?: GraphRetryOptions;
}): <T>(url: string, endpoint: string) => Promise<T> {
  const get = createJsonGet({
    source: 'graph',
    title: 'Graph',
    errors: {
      Base: GraphError,
      Unreachable: GraphUnreachableError,
      Auth: GraphAuthError,
      Request: GraphRequestError,
      Throttled: GraphThrottledError,
    },
    credentials: {
      refreshable: true,
      authorization: async (fresh) => `Bearer ${await deps.tokens.get(fresh)}`,
    },
    describeErrorBody: describeGraphError,
    authHint: "check the app's permissions and secret",
    timeoutMs: deps.timeoutMs,
    dispatcher: deps.transport.dispatcher,
    retry: deps.retry,
  });
  return async <T>(url: string, endpoint: string) => (await get<T>(url, endpoint)) as T;
}

/** Graph's `{ error: { code, message } }`. */
function describeGraphError(body: unknown): SourceErrorDetail {
  const { error } = body as { error?: { code?: string; message?: string } };
  return { code: error?.code, message: error?.message ?? '(no message)' };
}
