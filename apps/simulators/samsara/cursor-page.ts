/** A request Samsara would refuse (bad limit or cursor), with its message. */
export class BadSamsaraQuery extends Error {}

/** One page of a Samsara cursor listing. */
export interface CursorPage<T> {
  data: T[];
  pagination: { endCursor: string; hasNextPage: boolean };
}

/**
 * A cursor that loops (a fault): page `afterPage` (1-based) and every page after it answer `hasNextPage: true`
 * with an `endCursor` back to the first page, forever.
 */
export interface CursorLoop {
  afterPage: number;
}

/**
 * Samsara's cursor paging: `limit` 1–512 (default 512), `after` the previous page's `endCursor`. `oversized`
 * (an unkind switch) checks `limit` and then ignores it: the rest of the listing comes in this one page. `loop`
 * (a fault) sends the client round in circles; `looped` says whether this page did.
 */
export function cursorPage<T>(
  items: T[],
  limit: string | null,
  after: string | null,
  oversized = false,
  loop?: CursorLoop,
): CursorPage<T> & { looped: boolean } {
  const asked = limit === null ? 512 : Number(limit);
  if (!Number.isInteger(asked) || asked < 1 || asked > 512) {
    throw new BadSamsaraQuery(`Invalid limit: ${limit ?? ''}. It must be an integer between 1 and 512.`);
  }
  const size = oversized ? Math.max(items.length, 1) : asked;
  const offset = after === null || after === '' ? 0 : decodeCursor(after);
  const data = items.slice(offset, offset + size);
  if (loop !== undefined && Math.floor(offset / size) + 1 >= loop.afterPage) {
    return { data, pagination: { endCursor: encodeCursor(0), hasNextPage: true }, looped: true };
  }
  const hasNextPage = offset + size < items.length;
  return {
    data,
    pagination: { endCursor: hasNextPage ? encodeCursor(offset + size) : '', hasNextPage },
    looped: false,
  };
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new BadSamsaraQuery('Invalid pagination cursor.');
  return Number(match[1]);
}
