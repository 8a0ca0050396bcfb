/**
 * `GET /v1.0/users/delta`, as Graph serves it: a first round returns every present user over `@odata.nextLink`
 * pages and ends with an `@odata.deltaLink`; that link later returns the users changed since (full objects with
 * the selected properties, never-set ones left out) and the removed ones as `{id, "@removed": {reason}}`. Query
 * parameters are given once, on the first request, and travel inside the tokens.
 *
 * Tokens are opaque base64url JSON. A delta link older than the token lifetime answers 400 `syncStateNotFound`
 * (Graph: 7 days for directory objects); after a reset (tenant maintenance) every older link answers 410 Gone
 * with a Location header naming the first request. `$filter` is refused (Graph allows only id filters here).
 */

import type { DirectoryEntry, UserDirectory } from './user-directory.js';
import { BadGraphQuery, parseTop } from './users-query.js';

export interface DeltaSettings {
  /** Largest page of a round (Graph picks its own sizes; `$top` on the first request may ask for fewer). */
  pageSize: number;
  /** Age past which a token answers `syncStateNotFound`. */
  tokenTtlMs: number;
  /** Bumped by a reset: tokens of an older epoch answer 410. */
  epoch: number;
  now: number;
}

/** A round in progress (`$skiptoken`). */
interface RoundToken {
  /** `all`: the first round (present users); `changes`: users whose version is above `since`. */
  mode: 'all' | 'changes';
  since: number;
  /** The directory version when the round began: the next round's `since`. */
  until: number;
  /** Next position in the directory's entries. */
  position: number;
  select: string | null;
  top: number | null;
  startedAt: number;
  epoch: number;
}

/** A finished round (`$deltatoken`). */
interface LinkToken {
  since: number;
  select: string | null;
  issuedAt: number;
  epoch: number;
}

export type DeltaAnswer =
  | { status: 200; body: Record<string, unknown> }
  | { status: 400 | 410; code: string; message: string; location?: string };

/** Properties Graph returns for a user when the first request has no `$select`. */
const DEFAULT_SELECT = 'id,businessPhones,displayName,mail,mobilePhone,userPrincipalName';

export function answerUsersDelta(
  query: URLSearchParams,
  directory: UserDirectory,
  settings: DeltaSettings,
  baseUrl: string,
): DeltaAnswer {
  const skipToken = query.get('$skiptoken');
  const deltaToken = query.get('$deltatoken');
  let round: RoundToken;
  try {
    if (skipToken !== null) {
      round = decodeToken<RoundToken>(skipToken, ['since', 'until', 'position', 'startedAt', 'epoch']);
      if (round.mode !== 'all' && round.mode !== 'changes') throw new InvalidToken();
    } else if (deltaToken === 'latest') {
      const link = { since: directory.version, select: query.get('$select'), issuedAt: settings.now };
      return ok(baseUrl, [], { deltaLink: deltaLinkUrl(baseUrl, { ...link, epoch: settings.epoch }) });
    } else if (deltaToken !== null) {
      const link = decodeToken<LinkToken>(deltaToken, ['since', 'issuedAt', 'epoch']);
      const expired = expiry(link.epoch, link.issuedAt, settings, baseUrl, link.select);
      if (expired) return expired;
      round = newRound('changes', link.since, link.select, null, directory, settings);
    } else {
      if (query.get('$filter') !== null) {
        throw new BadGraphQuery(
          '$filter is not supported on users/delta by the simulator (Graph allows id only).',
        );
      }
      const top = query.get('$top') === null ? null : parseTop(query.get('$top'));
      round = newRound('all', 0, query.get('$select'), top, directory, settings);
    }
  } catch (error) {
    if (error instanceof InvalidToken) {
      return { status: 400, code: 'syncStateInvalid', message: 'The sync state is invalid or badly formed.' };
    }
    if (error instanceof BadGraphQuery) return { status: 400, code: 'BadRequest', message: error.message };
    throw error;
  }
  const expired = expiry(round.epoch, round.startedAt, settings, baseUrl, round.select);
  if (expired) return expired;
  return page(round, directory, settings, baseUrl);
}

function newRound(
  mode: RoundToken['mode'],
  since: number,
  select: string | null,
  top: number | null,
  directory: UserDirectory,
  settings: DeltaSettings,
): RoundToken {
  return {
    mode,
    since,
    until: directory.version,
    position: 0,
    select,
    top,
    startedAt: settings.now,
    epoch: settings.epoch,
  };
}

function expiry(
  epoch: number,
  issuedAt: number,
  settings: DeltaSettings,
  baseUrl: string,
  select: string | null,
): DeltaAnswer | null {
  if (epoch !== settings.epoch) {
    const first = new URLSearchParams(select ? { $select: select } : {});
    return {
      status: 410,
      code: 'resyncRequired',
      message: 'A full synchronization is required: the change tracking state was reset.',
      location: `${baseUrl}/v1.0/users/delta${select ? `?${first.toString()}` : ''}`,
    };
  }
  if (settings.now - issuedAt > settings.tokenTtlMs) {
    return {
      status: 400,
      code: 'syncStateNotFound',
      message:
        'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
    };
  }
  return null;
}

function page(
  round: RoundToken,
  directory: UserDirectory,
  settings: DeltaSettings,
  baseUrl: string,
): DeltaAnswer {
  const size = Math.min(round.top ?? settings.pageSize, settings.pageSize);
  const eligible = (e: DirectoryEntry) => (round.mode === 'all' ? !e.removed : e.version > round.since);
  const entries = directory.entries();
  const value: Record<string, unknown>[] = [];
  let position = round.position;
  for (; position < entries.length && value.length < size; position++) {
    const entry = entries[position] as DirectoryEntry;
    if (eligible(entry)) value.push(represent(entry, round.select));
  }
  const more = entries.slice(position).some(eligible);
  if (more) {
    return ok(baseUrl, value, {
      nextLink: `${baseUrl}/v1.0/users/delta?$skiptoken=${encodeToken({ ...round, position })}`,
    });
  }
  const link: LinkToken = {
    since: round.until,
    select: round.select,
    issuedAt: settings.now,
    epoch: round.epoch,
  };
  return ok(baseUrl, value, { deltaLink: deltaLinkUrl(baseUrl, link) });
}

/** A removed user as `{id, @removed}`; another with its selected properties, never-set ones left out. */
function represent(entry: DirectoryEntry, select: string | null): Record<string, unknown> {
  if (entry.removed) return { id: entry.user.id, '@removed': { reason: entry.removed } };
  const record = entry.user as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const property of new Set(['id', ...(select ?? DEFAULT_SELECT).split(',').map((p) => p.trim())])) {
    if (property && record[property] !== undefined) out[property] = record[property];
  }
  return out;
}

function ok(
  baseUrl: string,
  value: Record<string, unknown>[],
  link: { nextLink?: string; deltaLink?: string },
): DeltaAnswer {
  const body: Record<string, unknown> = { '@odata.context': `${baseUrl}/v1.0/$metadata#users`, value };
  if (link.nextLink) body['@odata.nextLink'] = link.nextLink;
  if (link.deltaLink) body['@odata.deltaLink'] = link.deltaLink;
  return { status: 200, body };
}

function deltaLinkUrl(baseUrl: string, link: LinkToken): string {
  return `${baseUrl}/v1.0/users/delta?$deltatoken=${encodeToken(link)}`;
}

class InvalidToken extends Error {}

function encodeToken(token: RoundToken | LinkToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken<T>(text: string, numbers: string[]): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidToken();
  }
  const record = parsed as Record<string, unknown> | null;
  if (typeof record !== 'object' || record === null) throw new InvalidToken();
  if (numbers.some((key) => typeof record[key] !== 'number')) throw new InvalidToken();
  return record as T;
}
