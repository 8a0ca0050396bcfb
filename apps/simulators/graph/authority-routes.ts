import { randomBytes } from 'node:crypto';
import express from 'express';
import type { Router } from 'express';

/** Access tokens the authority issued, with their expiry (ms since epoch). */
export type TokenStore = Map<string, number>;

export interface AuthorityOptions {
  /** Public URL of the simulator (issuer and endpoints point back at it). */
  url: () => string;
  tokens: TokenStore;
  tokenLifetimeSeconds: number;
  /** When set, only this client secret is accepted (by default any secret is). */
  clientSecret?: string;
  /** An injected token-endpoint failure for this request, or null. */
  takeTokenFailure?: () => TokenFailure | null;
}

/** An injected token-endpoint failure: its status, and for a 500 an optional Retry-After (seconds). */
export interface TokenFailure {
  status: TokenFailureStatus;
  retryAfterSeconds?: number;
}

/** What an injected token-endpoint failure answers: 500 (the authority broken) or 400 (a request it refuses). */
export type TokenFailureStatus = 500 | 400;

/**
 * The part of the Microsoft identity platform MSAL talks to for client credentials: the OpenID discovery
 * document of a tenant and its token endpoint. Tokens are opaque random strings.
 */
export function authorityRoutes(options: AuthorityOptions): Router {
  const router = express.Router();

  router.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    const tenantUrl = `${options.url()}/${req.params.tenant}`;
    res.json({
      issuer: `${tenantUrl}/v2.0`,
      authorization_endpoint: `${tenantUrl}/oauth2/v2.0/authorize`,
      token_endpoint: `${tenantUrl}/oauth2/v2.0/token`,
      end_session_endpoint: `${tenantUrl}/oauth2/v2.0/logout`,
      jwks_uri: `${tenantUrl}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token', 'token'],
      grant_types_supported: ['client_credentials', 'authorization_code'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    });
  });

  router.get('/:tenant/discovery/v2.0/keys', (_req, res) => {
    res.json({ keys: [] });
  });

  router.post('/:tenant/oauth2/v2.0/token', express.urlencoded({ extended: false }), (req, res) => {
    const failure = options.takeTokenFailure?.() ?? null;
    if (failure?.status === 500) {
      if (failure.retryAfterSeconds !== undefined) res.set('Retry-After', String(failure.retryAfterSeconds));
      res.status(500).json(aadError('server_error', 'AADSTS90033', 'A transient error has occurred.'));
      return;
    }
    if (failure?.status === 400) {
      res.status(400).json(aadError('invalid_request', 'AADSTS90014', 'Injected failure.'));
      return;
    }
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    if (body.grant_type !== 'client_credentials') {
      res
        .status(400)
        .json(aadError('unsupported_grant_type', 'AADSTS70003', 'Only client_credentials is served.'));
      return;
    }
    if (!body.client_id || !body.client_secret) {
      res
        .status(401)
        .json(aadError('invalid_client', 'AADSTS7000216', 'client_id and client_secret are required.'));
      return;
    }
    if (options.clientSecret !== undefined && body.client_secret !== options.clientSecret) {
      res.status(401).json(aadError('invalid_client', 'AADSTS7000215', 'Invalid client secret provided.'));
      return;
    }
    if (!body.scope?.endsWith('/.default')) {
      res.status(400).json(aadError('invalid_scope', 'AADSTS1002012', 'The scope must end in /.default.'));
      return;
    }
    const token = randomBytes(24).toString('base64url');
    options.tokens.set(token, Date.now() + options.tokenLifetimeSeconds * 1000);
    res.json({
      token_type: 'Bearer',
      expires_in: options.tokenLifetimeSeconds,
      ext_expires_in: options.tokenLifetimeSeconds,
      access_token: token,
    });
  });

  return router;
}

function aadError(error: string, code: string, description: string) {
  return { error, error_description: `${code}: ${description}`, error_codes: [Number(code.slice(6))] };
}
