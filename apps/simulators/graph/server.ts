import { readFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Request, Response } from 'express';
import type { GraphUser } from '../../../libs/domain/types.js';
import { createPerSecondLimit } from '../shared/per-second-limit.js';
import { createSimulatorTls } from '../tls.js';
import { authorityRoutes } from './authority-routes.js';
import type { TokenStore } from './authority-routes.js';
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
  /** `token`: the token endpoint; `discovery`: OpenID metadata; `users`: the Graph API. */
  kind: 'token' | 'discovery' | 'users' | 'other';
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
}

/** Starts an HTTPS stand-in for the Entra ID token authority and the Graph `/v1.0/users` API. */
export async function startGraphSimulator(options: GraphSimulatorOptions = {}): Promise<GraphSimulator> {
  const users = options.dataFile ? await loadGraphUsers(options.dataFile) : (options.users ?? []);
  const tls = await createSimulatorTls('graph');
  const tokens: TokenStore = new Map();
  const limit = createPerSecondLimit(options.throttle?.perSecond);
  const log: GraphCall[] = [];
  let failures = { count: 0, status: 503 };
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
    }),
  );
  app.get('/v1.0/users', (req, res) => {
    const token = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const expiresAt = token ? tokens.get(token) : undefined;
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      graphError(
        res,
        401,
        'InvalidAuthenticationToken',
        token ? 'Access token has expired or is not valid.' : 'Access token is empty.',
      );
      return;
    }
    const wait = limit.take();
    if (wait > 0) {
      res.set('Retry-After', String(wait));
      graphError(res, 429, 'TooManyRequests', 'Too many requests, retry later.');
      return;
    }
    if (failures.count > 0) {
      failures.count -= 1;
      graphError(res, failures.status, 'ServiceUnavailable', 'Injected failure.');
      return;
    }
    serveUsers(req, res, users, url, options.pageSize ?? 999);
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

function graphError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message, innerError: { date: new Date().toISOString() } } });
}

function kindOf(path: string): GraphCall['kind'] {
  if (path.endsWith('/oauth2/v2.0/token')) return 'token';
  if (path.includes('/.well-known/') || path.includes('/discovery/')) return 'discovery';
  if (path.startsWith('/v1.0/users')) return 'users';
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
