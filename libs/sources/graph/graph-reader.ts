import type { GraphUser } from '../../domain/types.js';
import { createLogger } from '../../platform/logger.js';
import { isMatchableEntraUser } from './entra-user-filter.js';
import { createGraphGet } from './graph-request.js';
import type { GraphRetryOptions } from './graph-request.js';
import { createGraphTokenSource } from './graph-token.js';
import { createGraphTransport } from './graph-transport.js';
import { USER_PROPERTIES, readUserChanges } from './user-changes.js';
import type { GraphUserChanges } from './user-changes.js';

const log = createLogger('graph');

const USER_FIELDS = USER_PROPERTIES.join(',');

export interface GraphReaderOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Token authority without the tenant, e.g. `https://login.microsoftonline.com`. */
  authorityUrl: string;
  /** Graph root, e.g. `https://graph.microsoft.com`. */
  baseUrl: string;
  /** Per HTTP request (default 15 s). */
  timeoutMs?: number;
  /** Extra CA certificate (PEM) to trust, for an in-process test against the simulator. */
  ca?: string;
  retry?: GraphRetryOptions;
}

/** Outcome of a health probe; never throws. */
export interface SourceHealth {
  ok: boolean;
  /** Why not, in plain words (no secrets, no personal data). */
  error?: string;
}

/** Reads Entra ID users through Microsoft Graph with client credentials. */
export interface GraphReader {
  /**
   * Every enabled user (server-side `$filter=accountEnabled eq true`, all `@odata.nextLink` pages) that can
   * stand for an employee: with an employeeId and a mail that is not `...onmicrosoft.com` (domain.md §5).
   * Throws a `GraphError` subclass rather than return a partial list.
   */
  listUsers(): Promise<GraphUser[]>;
  /** The enabled, matchable user with this employeeId (exact string), or null. */
  findUserByEmployeeId(empId: string): Promise<GraphUser | null>;
  /**
   * The cheap path (`/v1.0/users/delta`): with `null`, every matchable user and a delta link; with the link kept
   * from the last call, only what changed since (a few calls when little did). An expired or refused link is
   * the result `{kind: 'expired'}`, not an error: call again with `null`. Semantics in user-changes.ts. Other
   * failures throw a `GraphError` subclass rather than return part of a round.
   */
  readUserChanges(deltaLink: string | null): Promise<GraphUserChanges>;
  /** A token and a one-user Graph call. */
  health(): Promise<SourceHealth>;
  /** Closes the connection pool. */
  close(): Promise<void>;
}

interface UsersPage {
  value?: GraphUser[];
  '@odata.nextLink'?: string;
}

export function createGraphReader(options: GraphReaderOptions): GraphReader {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const transport = createGraphTransport({ ca: options.ca, timeoutMs });
  const tokens = createGraphTokenSource({
    ...options,
    baseUrl,
    networkModule: transport.msalNetworkModule,
    lastNetworkFailure: transport.lastMsalFailure,
  });
  const graphGet = createGraphGet({ transport, tokens, timeoutMs, retry: options.retry });
  const probe = createGraphGet({ transport, tokens, timeoutMs, retry: { retries: 0, maxThrottled: 0 } });

  const usersUrl = (filter: string, top: number) => {
    const query = new URLSearchParams({ $filter: filter, $select: USER_FIELDS, $top: String(top) });
    return `${baseUrl}/v1.0/users?${query.toString()}`;
  };

  async function collect(firstUrl: string): Promise<GraphUser[]> {
    const users: GraphUser[] = [];
    let pages = 0;
    for (let url: string | undefined = firstUrl; url;) {
      const page: UsersPage = await graphGet<UsersPage>(url, '/v1.0/users');
      pages += 1;
      for (const user of page.value ?? []) users.push(user);
      url = page['@odata.nextLink'];
    }
    log.debug('graph users read', { pages, users: users.length });
    return users;
  }

  return {
    async listUsers() {
      const all = await collect(usersUrl('accountEnabled eq true', 999));
      const matchable = all.filter(isMatchableEntraUser);
      log.info('entra users listed', { enabled: all.length, matchable: matchable.length });
      return matchable;
    },
    async findUserByEmployeeId(empId) {
      const literal = `'${empId.replace(/'/g, "''")}'`;
      const found = await collect(usersUrl(`accountEnabled eq true and employeeId eq ${literal}`, 2));
      return found.find((user) => user.employeeId === empId && isMatchableEntraUser(user)) ?? null;
    },
    readUserChanges: (deltaLink) => readUserChanges({ get: graphGet, baseUrl, log }, deltaLink),
    async health() {
      try {
        await probe(`${baseUrl}/v1.0/users?$select=id&$top=1`, '/v1.0/users');
        return { ok: true };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
    close: () => transport.close(),
  };
}
