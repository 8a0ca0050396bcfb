import type { GraphUser } from '../../../libs/domain/types.js';

/** Properties Graph returns for a user when the request has no `$select`. */
const DEFAULT_PROPERTIES = [
  'id',
  'businessPhones',
  'displayName',
  'mail',
  'mobilePhone',
  'userPrincipalName',
];
const FILTERABLE = new Set(['id', 'accountEnabled', 'employeeId', 'mail', 'userPrincipalName']);

type Literal = string | boolean | null;
export type UserPredicate = (user: GraphUser) => boolean;

/** A `$filter`/`$select`/`$top` request Graph would refuse, with Graph's message. */
export class BadGraphQuery extends Error {}

/**
 * Parses the subset of OData `$filter` the fleet uses: `<property> eq <literal>` clauses joined with `and`,
 * literals `true`, `false`, `null` or `'text'` (with `''` for a quote).
 */
export function parseUserFilter(filter: string | null): UserPredicate {
  if (filter === null || filter.trim() === '') return () => true;
  const clause = /\s*(\w+)\s+eq\s+(true|false|null|'(?:[^']|'')*')\s*/iy;
  const and = /and(?=\s)/iy;
  const clauses: UserPredicate[] = [];
  let at = 0;
  while (at < filter.length) {
    clause.lastIndex = at;
    const match = clause.exec(filter);
    if (!match || !FILTERABLE.has(match[1] as string)) {
      throw new BadGraphQuery(`Invalid filter clause: ${filter.slice(at).trim()}`);
    }
    const property = match[1] as keyof GraphUser;
    const value = literal(match[2] as string);
    clauses.push((user) => (user[property] ?? null) === value);
    at = clause.lastIndex;
    if (at >= filter.length) break;
    and.lastIndex = at;
    if (!and.exec(filter)) throw new BadGraphQuery(`Invalid filter clause: ${filter.slice(at).trim()}`);
    at = and.lastIndex;
  }
  return (user) => clauses.every((matches) => matches(user));
}

function literal(text: string): Literal {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  return text.slice(1, -1).replace(/''/g, "'");
}

/** Projects a user onto the `$select` list (Graph's default property set without one). */
export function selectProperties(select: string | null): (user: GraphUser) => Record<string, unknown> {
  const properties = select
    ? select
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
    : DEFAULT_PROPERTIES;
  return (user) => {
    const out: Record<string, unknown> = {};
    const record = user as unknown as Record<string, unknown>;
    for (const property of properties) out[property] = record[property] ?? null;
    return out;
  };
}

/** `$top` (1–999, Graph's bounds); the default page is 100 users. */
export function parseTop(top: string | null): number {
  if (top === null) return 100;
  const n = Number(top);
  if (!Number.isInteger(n) || n < 1 || n > 999)
    throw new BadGraphQuery(`Invalid page size specified: '${top}'`);
  return n;
}

/** The opaque `$skiptoken` of a next page: the offset into the filtered list. */
export function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodeSkipToken(token: string | null): number {
  if (token === null) return 0;
  try {
    const { o } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through
  }
  throw new BadGraphQuery('Invalid skip token');
}
