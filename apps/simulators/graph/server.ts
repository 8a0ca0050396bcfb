import { readFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Request, Response } from 'express';
import type { GraphUser } from '../../../libs/domain/types.js';
import { createPerSecondLimit } from '../shared/per-second-limit.js';
import { createSimulatorTls } from '../tls.js';
import { graphApiGate } from './api-gate.js';
import { authorityRoutes } from './authority-routes.js';
import type { TokenFailure, TokenFailureStatus, TokenStore } from './authority-routes.js';
import { controlRoutes } from './control-routes.js';
import { graphError } from './graph-error.js';
import { UserDirectory } from './user-directory.js';
import type { RemovalReason } from './user-directory.js';
import { answerUsersDelta } from './users-delta.js';
import {
  BadGraphQuery,
  decodeSkipToken,
  encodeSkipToken,
  parseTop,
  parseUserFilter,
  selectProperties,
} from './users-query.js';

export interface GraphSimulatorOptions {
  /** TCP port on 127.0.0.1 (0 or absent: the OS picks). */
  port?: number;
  /** Users to serve; ignored when `dataFile` is given. */
  users?: GraphUser[];
  /** JSON file `{"users": [...]}`. */
  dataFile?: string;
  /** Graph API requests allowed per second; more get 429 with Retry-After (default: unlimited). */
  throttle?: { perSecond: number };
  /** Largest page served whatever `$top` asks (default 999, Graph's own maximum). */
  pageSize?: number;
  /** Largest page of a `/users/delta` round (default 200; Graph picks its own sizes there). */
  deltaPageSize?: number;
  /** A delta link older than this answers 400 `syncStateNotFound` (default 7 days, Graph's lifetime). */
  deltaTokenLifetimeSeconds?: number;
  /** TEST ONLY: the clock delta tokens are issued and aged by (default `Date.now`). */
  deltaClock?: () => number;
  /** Lifetime of issued access tokens (default 3599 s). */
  tokenLifetimeSeconds?: number;
  /** Only this client secret is accepted (default: any). */
  clientSecret?: string;
}

/** One request the simulator answered. */
export interface GraphCall {
  at: number;
  method: string;
  path: string;
  /**
   * `token`: the token endpoint; `discovery`: OpenID metadata; `users`: the user listing; `delta`: the users
   * delta query; `control`: the test controls under `/__sim`.
   */
  kind: 'token' | 'discovery' | 'users' | 'delta' | 'control' | 'other';
  status: number;
}

export interface GraphSimulator {
  url: string;
  caPem: string;
  caFile: string;
  close(): Promise<void>;
  calls(): GraphCall[];
  /** Forgets every issued token: the next API call with one gets 401. */
  revokeTokens(): void;
  /** The next `count` Graph API requests fail with `status` (default 503). */
  failNext(count: number, status?: number): void;
  /**
   * The next `count` token requests fail with `status` (default 500; `Infinity` until cleared with 0), a 500
   * with `Retry-After: retryAfterSeconds` when given (MSAL holds back that long, 60 s without one), as
   * `POST /__sim/faults/token` does.
   */
  failTokens(count: number, status?: TokenFailureStatus, retryAfterSeconds?: number): void;
  /** The users present now. */
  users(): GraphUser[];
  /** Creates a user, or replaces the one with its id. */
  upsertUser(user: GraphUser): void;
  /** Changes some properties of a user (throws for an unknown id). */
  updateUser(id: string, patch: Partial<Omit<GraphUser, 'id'>>): GraphUser;
  /** Removes a user: soft (`changed`, the default) or for good (`deleted`), as the delta query reports it. */
  deleteUser(id: string, reason?: RemovalReason): void;
  /** Every delta link issued so far answers 410 Gone, as after maintenance of the tenant. */
  resetDeltaTokens(): void;
}

/**
 * Starts an HTTPS stand-in for the Entra ID token authority and the Graph `/v1.0/users` and `/v1.0/users/delta`
 * API, with test controls under `/__sim` (control-routes.ts).
 */
export async function startGraphSimulator(options: GraphSimulatorOptions = {}): Promise<GraphSimulator> {
  const directory = new UserDirectory(
    options.dataFile ? await loadGraphUsers(options.dataFile) : (options.users ?? []),
  );
  const deltaTokenTtlMs = (options.deltaTokenLifetimeSeconds ?? 7 * 86_400) * 1000;
  let deltaEpoch = 0;
  const tls = await createSimulatorTls('graph');
  const tokens: TokenStore = new Map();
  const limit = createPerSecondLimit(options.throttle?.perSecond);
  const log: GraphCall[] = [];
  let failures = { count: 0, status: 503 };
  let tokenFailures: TokenFailure & { count: number } = { count: 0, status: 500 };
  const failTokens = (count: number, status: TokenFailureStatus = 500, retryAfterSeconds?: number): void => {
    tokenFailures = { count, status, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
  };
  let url = '';

  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const call: GraphCall = {
      at: Date.now(),
      method: req.method,
      path: req.path,
      kind: kindOf(req.path),
      status: 0,
    };
    res.on('finish', () => {
      call.status = res.statusCode;
      log.push(call);
    });
    next();
  });
  app.use(
    authorityRoutes({
      url: () => url,
      tokens,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
      clientSecret: options.clientSecret,
      takeTokenFailure: () => {
        if (tokenFailures.count <= 0) return null;
        tokenFailures.count -= 1;
        return tokenFailures;
      },
    }),
  );
  app.use(
    '/__sim',
    controlRoutes(directory, () => (deltaEpoch += 1), { failTokens, revokeTokens: () => tokens.clear() }),
  );
  app.use(
    '/v1.0',
    graphApiGate({
      tokens,
      takeRateLimit: () => limit.take(),
      takeFailure: () => {
        if (failures.count <= 0) return null;
        failures.count -= 1;
        return failures.status;
      },
    }),
  );
  app.get('/v1.0/users', (req, res) => serveUsers(req, res, directory.users(), url, options.pageSize ?? 999));
  app.get('/v1.0/users/delta', (req, res) => {
    const answer = answerUsersDelta(
      new URL(req.originalUrl, url).searchParams,
      directory,
      {
        pageSize: options.deltaPageSize ?? 200,
        tokenTtlMs: deltaTokenTtlMs,
        epoch: deltaEpoch,
        now: (options.deltaClock ?? Date.now)(),
      },
      url,
    );
    if (answer.status === 200) {
      res.json(answer.body);
      return;
    }
    if (answer.location) res.set('Location', answer.location);
    graphError(res, answer.status, answer.code, answer.message);
  });
  app.use((_req: Request, res: Response) =>
    graphError(res, 404, 'Request_ResourceNotFound', 'Not served here.'),
  );

  const server = createServer({ key: tls.key, cert: tls.cert }, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    caPem: tls.caPem,
    caFile: tls.caFile,
    calls: () => [...log],
    revokeTokens: () => tokens.clear(),
    failNext: (count, status = 503) => {
      failures = { count, status };
    },
    failTokens,
    users: () => directory.users(),
    upsertUser: (user) => directory.upsert(user),
    updateUser: (id, patch) => directory.update(id, patch),
    deleteUser: (id, reason) => directory.remove(id, reason),
    resetDeltaTokens: () => {
      deltaEpoch += 1;
    },
    close: () => (closing ??= closeServer(server).finally(() => tls.remove())),
  };
}

function serveUsers(req: Request, res: Response, users: GraphUser[], url: string, pageSize: number): void {
  const query = new URL(req.originalUrl, url).searchParams;
  try {
    const matches = parseUserFilter(query.get('$filter'));
    const project = selectProperties(query.get('$select'));
    const size = Math.min(parseTop(query.get('$top')), pageSize);
    const offset = decodeSkipToken(query.get('$skiptoken'));
    const selected = users.filter(matches);
    const body: Record<string, unknown> = {
      '@odata.context': `${url}/v1.0/$metadata#users`,
      value: selected.slice(offset, offset + size).map(project),
    };
    if (offset + size < selected.length) {
      const next = new URLSearchParams(query);
      next.set('$skiptoken', encodeSkipToken(offset + size));
      body['@odata.nextLink'] = `${url}/v1.0/users?${next.toString()}`;
    }
    res.json(body);
  } catch (error) {
    if (!(error instanceof BadGraphQuery)) throw error;
    graphError(res, 400, 'BadRequest', error.message);
  }
}

function kindOf(path: string): GraphCall['kind'] {
  if (path.endsWith('/oauth2/v2.0/token')) return 'token';
  if (path.includes('/.well-known/') || path.includes('/discovery/')) return 'discovery';
  if (path.startsWith('/v1.0/users/delta')) return 'delta';
  if (path.startsWith('/v1.0/users')) return 'users';
  if (path.startsWith('/__sim/')) return 'control';
  return 'other';
}

/** Reads `{"users": [...]}`. */
export async function loadGraphUsers(file: string): Promise<GraphUser[]> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as { users?: unknown };
  if (!Array.isArray(parsed.users)) throw new Error(`${file}: expected {"users": [...]}`);
  return parsed.users as GraphUser[];
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
