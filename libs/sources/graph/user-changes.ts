import type { GraphUser } from '../../domain/types.js';
import type { Logger } from '../../platform/logger.js';
import { isMatchableEntraUser } from './entra-user-filter.js';
import { GraphRequestError } from './graph-errors.js';

/**
 * What a delta read of Entra ID users found. Users are those that can stand for an employee (enabled, with an
 * employeeId and a mail not on onmicrosoft.com: entra-user-filter.ts); keep them by Graph `id`, not employeeId.
 *
 * - `full`: the first round (no link given): every such user now. Replace what you kept.
 * - `delta`: what changed since the link was issued. Replace by id the `changed` users, drop the `removedIds`:
 *   users deleted from the directory, and users that changed into ones that cannot stand for an employee
 *   (disabled, employeeId cleared, mail moved to onmicrosoft.com). An id may be one you never kept: ignore it.
 * - `expired`: Graph refused the link (410 Gone, or syncStateNotFound / syncStateInvalid / resyncRequired), or it
 *   is for another Graph endpoint: read again with `null`.
 *
 * Keep `deltaLink` for the next call. It carries the selected properties: a link from a reader that selected
 * other properties must be dropped (and read again with `null`).
 */
export type GraphUserChanges =
  | { kind: 'full'; users: GraphUser[]; deltaLink: string }
  | { kind: 'delta'; changed: GraphUser[]; removedIds: string[]; deltaLink: string }
  | { kind: 'expired'; reason: string };

/** The user properties the readers select. */
export const USER_PROPERTIES = [
  'id',
  'employeeId',
  'mail',
  'userPrincipalName',
  'accountEnabled',
  'mobilePhone',
  'businessPhones',
] as const;

/** Graph's codes for a delta link it will not continue (on a 4xx other than 401/403/429). */
const RESYNC_CODES = new Set(['syncstatenotfound', 'syncstateinvalid', 'resyncrequired']);

interface DeltaItem extends Partial<GraphUser> {
  id: string;
  '@removed'?: { reason?: string };
}

interface DeltaPage {
  value?: DeltaItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export interface UserChangesDeps {
  get<T>(url: string, endpoint: string): Promise<T>;
  /** Graph root without a trailing slash. */
  baseUrl: string;
  log: Logger;
}

/** One delta round: follows `@odata.nextLink` to the `@odata.deltaLink`; never returns part of a round. */
export async function readUserChanges(
  deps: UserChangesDeps,
  deltaLink: string | null,
): Promise<GraphUserChanges> {
  if (deltaLink !== null && !sameOrigin(deltaLink, deps.baseUrl)) {
    return { kind: 'expired', reason: 'the delta link is for another Graph endpoint' };
  }
  const items = new Map<string, DeltaItem>();
  let pages = 0;
  let url = deltaLink ?? `${deps.baseUrl}/v1.0/users/delta?$select=${USER_PROPERTIES.join(',')}`;
  let next: string;
  for (;;) {
    let page: DeltaPage;
    try {
      page = await deps.get<DeltaPage>(url, '/v1.0/users/delta');
    } catch (error) {
      if (error instanceof GraphRequestError && isResync(error)) {
        deps.log.info('graph delta link refused, a full read is needed', {
          status: error.status,
          code: error.code,
        });
        return {
          kind: 'expired',
          reason: `Graph answered ${error.status}${error.code ? ` ${error.code}` : ''}`,
        };
      }
      throw error;
    }
    pages += 1;
    if (!Array.isArray(page.value)) {
      throw new GraphRequestError('Graph GET /v1.0/users/delta answered without a value array', 502);
    }
    // The same user can come more than once in a round: the later entry is the newer state.
    for (const item of page.value) {
      items.delete(item.id);
      items.set(item.id, item);
    }
    if (page['@odata.deltaLink']) {
      next = page['@odata.deltaLink'];
      break;
    }
    if (!page['@odata.nextLink']) {
      throw new GraphRequestError(
        'Graph GET /v1.0/users/delta answered with neither a nextLink nor a deltaLink',
        502,
      );
    }
    url = page['@odata.nextLink'];
  }

  const present: GraphUser[] = [];
  const removedIds: string[] = [];
  for (const item of items.values()) {
    const user = item['@removed'] ? null : complete(item);
    if (user && isMatchableEntraUser(user)) present.push(user);
    else removedIds.push(item.id);
  }
  if (deltaLink === null) {
    deps.log.info('entra users read in full (delta round)', { pages, users: present.length });
    return { kind: 'full', users: present, deltaLink: next };
  }
  deps.log.info('entra user changes read', { pages, changed: present.length, removed: removedIds.length });
  return { kind: 'delta', changed: present, removedIds, deltaLink: next };
}

/** Graph leaves out a selected property that was never set: it is null. */
function complete(item: DeltaItem): GraphUser {
  const user = { id: item.id } as GraphUser;
  for (const property of USER_PROPERTIES) {
    if (property !== 'id') (user as unknown as Record<string, unknown>)[property] = item[property] ?? null;
  }
  return user;
}

function isResync(error: GraphRequestError): boolean {
  if (error.status === 410) return true;
  return error.status >= 400 && error.status < 500 && RESYNC_CODES.has((error.code ?? '').toLowerCase());
}

function sameOrigin(link: string, baseUrl: string): boolean {
  try {
    return new URL(link).origin === new URL(baseUrl).origin;
  } catch {
    return false;
  }
}
