import {
  SafetyAmpConfigurationError,
  SafetyAmpNotFound,
  SafetyAmpRateLimited,
  SafetyAmpUnavailable,
  SafetyAmpValidationError,
  type SafetyAmpError,
} from './errors.js';
import type { ApiCall } from './types.js';

const describe = (call: ApiCall): string => `${call.method} ${call.endpoint}`;

/** What came back instead of JSON, in a few words: never the body itself (it may be a long page, or personal). */
function notJson(response: Response, text: string): string {
  const type = response.headers.get('content-type')?.split(';')[0]?.trim() || 'no content type';
  return `${type}, ${Buffer.byteLength(text)} bytes, not JSON`;
}

async function textOf(response: Response): Promise<string | null> {
  try {
    return await response.text();
  } catch {
    return null;
  }
}

function parseJson(text: string | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The JSON of a 2xx answer (undefined when the body is empty). A body that breaks off, or that is not JSON (a
 * proxy's page), is SafetyAmpUnavailable: retried for a read, `outcomeUnknown` for a write, which may have landed.
 */
export async function successBody(response: Response, call: ApiCall): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw errorFromFailure(error, call, 'answer broke off mid-body');
  }
  if (!text) return undefined;
  const body = parseJson(text);
  if (body !== undefined) return body;
  throw new SafetyAmpUnavailable(
    `${describe(call)}: ${response.status} answer (${notJson(response, text)})`,
    {
      status: response.status,
      outcomeUnknown: call.method !== 'GET',
    },
  );
}

/**
 * The error a non-2xx answer means. `retryAfterDefaultMs` applies when a 429 carries no usable Retry-After.
 * SafetyAmp's own errors are JSON; a 404 or 5xx that is not JSON (an HTML page) came from something in front of
 * it, a load balancer or an ingress, and means "unavailable, try later", never "not found". So does any error
 * whose body broke off.
 */
export async function errorFromAnswer(
  response: Response,
  call: ApiCall,
  retryAfterDefaultMs: number,
): Promise<SafetyAmpError> {
  const text = await textOf(response);
  const parsed = parseJson(text);
  const body = (parsed !== null && typeof parsed === 'object' ? parsed : null) as {
    message?: unknown;
    errors?: unknown;
  } | null;
  const said = typeof body?.message === 'string' && body.message ? body.message : undefined;
  const status = response.status;
  const message = `${describe(call)}: ${status} ${said ?? response.statusText}`;

  if (status === 429) return new SafetyAmpRateLimited(message, retryAfterMs(response, retryAfterDefaultMs));
  // Whatever a body that broke off said (a 422's fields, a 401's reason) is lost: ask again later.
  if (text === null || (!body && (status === 404 || status === 408 || status >= 500))) {
    const what = text === null ? 'body broke off' : notJson(response, text);
    return new SafetyAmpUnavailable(`${describe(call)}: ${status} ${response.statusText} (${what})`, {
      status,
      outcomeUnknown: call.method !== 'GET',
    });
  }
  if (status === 422) return new SafetyAmpValidationError(said ?? message, fieldErrors(body?.errors));
  if (status === 404) return new SafetyAmpNotFound(message);
  if (status === 408 || status >= 500) {
    return new SafetyAmpUnavailable(message, { status, outcomeUnknown: call.method !== 'GET' });
  }
  return new SafetyAmpConfigurationError(message, status);
}

/** The error a call that got no (complete) answer means: refused, reset, timed out, or cut mid-body. */
export function errorFromFailure(error: unknown, call: ApiCall, what = 'no answer'): SafetyAmpUnavailable {
  const timedOut = isTimeout(error);
  const code = causeCode(error);
  // A refused connection never carried the request, so even a write is known not to have happened.
  const sent = code !== 'ECONNREFUSED';
  const reason = timedOut
    ? 'timed out'
    : `${what} (${code ?? (error instanceof Error ? error.message : 'error')})`;
  return new SafetyAmpUnavailable(`${describe(call)}: ${reason}`, {
    outcomeUnknown: call.method !== 'GET' && sent,
    cause: error,
  });
}

/** True when the call was cut by its timeout signal. */
export function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function retryAfterMs(response: Response, fallbackMs: number): number {
  const header = response.headers.get('retry-after')?.trim();
  if (!header) return fallbackMs;
  if (/^\d+(\.\d+)?$/.test(header)) return Math.ceil(Number(header) * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? fallbackMs : Math.max(0, date - Date.now());
}

function fieldErrors(errors: unknown): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  if (!errors || typeof errors !== 'object') return fields;
  for (const [field, messages] of Object.entries(errors)) {
    const list = Array.isArray(messages) ? messages : [messages];
    fields[field] = list.filter((m): m is string => typeof m === 'string');
  }
  return fields;
}

function causeCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
