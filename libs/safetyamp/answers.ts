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

/** The error a non-2xx answer means. `retryAfterDefaultMs` applies when a 429 carries no usable Retry-After. */
export async function errorFromAnswer(
  response: Response,
  call: ApiCall,
  retryAfterDefaultMs: number,
): Promise<SafetyAmpError> {
  const body = (await response.json().catch(() => null)) as {
    message?: unknown;
    errors?: unknown;
  } | null;
  const said = typeof body?.message === 'string' && body.message ? body.message : undefined;
  const message = `${describe(call)}: ${response.status} ${said ?? response.statusText}`;
  const status = response.status;

  if (status === 429) return new SafetyAmpRateLimited(message, retryAfterMs(response, retryAfterDefaultMs));
  if (status === 422) return new SafetyAmpValidationError(said ?? message, fieldErrors(body?.errors));
  if (status === 404) return new SafetyAmpNotFound(message);
  if (status === 408 || status >= 500) {
    return new SafetyAmpUnavailable(message, { status, outcomeUnknown: call.method !== 'GET' });
  }
  return new SafetyAmpConfigurationError(message, status);
}

/** The error a call that got no (complete) answer means: refused, reset, timed out, or cut mid-body. */
export function errorFromFailure(error: unknown, call: ApiCall): SafetyAmpUnavailable {
  const timedOut = isTimeout(error);
  const code = causeCode(error);
  // A refused connection never carried the request, so even a write is known not to have happened.
  const sent = code !== 'ECONNREFUSED';
  const reason = timedOut
    ? 'timed out'
    : `no answer (${code ?? (error instanceof Error ? error.message : 'error')})`;
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
