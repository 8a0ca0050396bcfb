import type { RequestHandler } from 'express';
import type { TokenStore } from './authority-routes.js';
import { graphError } from './graph-error.js';

export interface ApiGateDeps {
  tokens: TokenStore;
  /** 0 when the request may go ahead, else the Retry-After seconds. */
  takeRateLimit(): number;
  /** The status of an injected failure for this request, or null. */
  takeFailure(): number | null;
}

/**
 * What every Graph API request goes through before it is served: a valid bearer token (401), the per-second
 * throttle (429 with Retry-After), then any injected failure.
 */
export function graphApiGate(deps: ApiGateDeps): RequestHandler {
  return (req, res, next) => {
    const token = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const expiresAt = token ? deps.tokens.get(token) : undefined;
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      graphError(
        res,
        401,
        'InvalidAuthenticationToken',
        token ? 'Access token has expired or is not valid.' : 'Access token is empty.',
      );
      return;
    }
    const wait = deps.takeRateLimit();
    if (wait > 0) {
      res.set('Retry-After', String(wait));
      graphError(res, 429, 'TooManyRequests', 'Too many requests, retry later.');
      return;
    }
    const failure = deps.takeFailure();
    if (failure !== null) {
      graphError(res, failure, 'ServiceUnavailable', 'Injected failure.');
      return;
    }
    next();
  };
}
