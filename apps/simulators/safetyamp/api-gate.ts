import type { ApiAnswer } from './api-routes.js';
import { gatewayPage, serverErrorAnswer } from './faults/broken-answers.js';
import type { FaultInjector } from './faults/injector.js';
import type { RateLimit, RateVerdict } from './rate-limiter.js';

/** What stands between a request and the data: the rate limit, injected faults, the tenant and the token. */
export interface GateInput {
  /** The limiter's verdict, taken when the request arrived; null when the simulator is unlimited. */
  verdict: RateVerdict | null;
  limit: RateLimit | null;
  faults: FaultInjector;
  expectedToken: string;
  expectedFqdn: string;
  authorization: string | undefined;
  fqdn: string | undefined;
}

/** The token of an `Authorization: Bearer <token>` header ('' when there is none), which is also the rate key. */
export function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1] ?? '';
}

/** The headers Laravel's throttle middleware sets on every counted answer. */
export function rateHeaders(verdict: RateVerdict | null, limit: RateLimit | null): Record<string, string> {
  if (!verdict || !limit) return {};
  return { 'X-RateLimit-Limit': String(limit.max), 'X-RateLimit-Remaining': String(verdict.remaining) };
}

function tooManyAttempts(retryAfterMs: number, limit: RateLimit | null): ApiAnswer {
  const maxSeconds = limit ? Math.ceil(limit.windowMs / 1000) : Number.POSITIVE_INFINITY;
  const seconds = Math.min(Math.max(0, Math.ceil(retryAfterMs / 1000)), maxSeconds);
  return {
    status: 429,
    // Retry-After-Ms is the simulator's own: the exact wait, for tests whose windows are shorter than a second.
    headers: { 'Retry-After': String(seconds), 'Retry-After-Ms': String(Math.ceil(retryAfterMs)) },
    body: { message: 'Too Many Attempts.' },
  };
}

/**
 * Decides whether a request is refused before it reaches the data, in this order: the rate limit, a forced 429,
 * an injected server error, an injected load balancer page, a missing Fqdn (400), a wrong token (401), a foreign
 * Fqdn (401).
 *
 * A foreign Fqdn is 401, not 404: the token belongs to this tenant, so on another tenant it authenticates
 * nobody, and a 404 here would read as "record not found" to a client that PATCHes by id.
 */
export function refuse(input: GateInput): ApiAnswer | null {
  if (input.verdict && !input.verdict.allowed)
    return tooManyAttempts(input.verdict.retryAfterMs, input.limit);
  const forcedRetryAfter = input.faults.takeForced429();
  if (forcedRetryAfter !== null) {
    return { ...tooManyAttempts(forcedRetryAfter * 1000, null), fault: 'forced-429' };
  }
  const serverError = input.faults.serverError();
  if (serverError !== null) return { ...serverErrorAnswer(serverError), fault: 'server-error' };
  const gatewayError = input.faults.htmlError();
  if (gatewayError !== null) return { ...gatewayPage(gatewayError), fault: 'html-error' };
  if (input.fqdn === undefined || input.fqdn.trim() === '') {
    return { status: 400, body: { message: 'The Fqdn header is required.' } };
  }
  if (bearerToken(input.authorization) !== input.expectedToken) {
    return { status: 401, body: { message: 'Unauthenticated.' } };
  }
  if (input.fqdn.trim().toLowerCase() !== input.expectedFqdn.toLowerCase()) {
    return { status: 401, body: { message: 'Unauthenticated.' } };
  }
  return null;
}
