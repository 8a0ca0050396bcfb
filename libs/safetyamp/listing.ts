import { SafetyAmpProtocolError } from './errors.js';

/** What a listing page says about the whole listing; every field is advisory and may be absent or wrong. */
export interface ListingMeta {
  lastPage?: number;
  perPage?: number;
  total?: number;
}

/** One page, its records already checked. */
export interface ParsedPage<T> {
  records: T[];
  meta: ListingMeta;
}

export interface ListingSource<T> {
  /** `GET /api/users`, for errors. */
  endpoint: string;
  /** Reads and checks page `page` (1-based). */
  readPage(page: number): Promise<ParsedPage<T>>;
  idOf(record: T): number | string;
  /** Pages read at most when `meta.total` gives no tighter bound. */
  maxPages: number;
}

/** Pages past the count `meta.total` implies before a listing is called endless (a total may lag or lie). */
const PAGE_SLACK = 10;

function pageBound(meta: ListingMeta, maxPages: number): number {
  if (meta.total === undefined || !meta.perPage) return maxPages;
  return Math.min(maxPages, 2 * Math.ceil(meta.total / meta.perPage) + PAGE_SLACK);
}

/**
 * Yields the records of a listing page by page, each record once, until the listing is provably complete.
 *
 * `meta.last_page` alone is never trusted to end a listing: a listing that ends early hides records, and a hidden
 * record is created again, as a duplicate. The walk stops at the page meta calls last only when that page is
 * short of `meta.per_page` and the records read reach `meta.total`; otherwise it reads on, past `last_page`,
 * until a page comes back empty. A listing that would end short of `meta.total`, a page that only repeats
 * records already read (a server ignoring `page`), and a listing that goes on past twice the pages its total
 * implies (or `maxPages`) all end in SafetyAmpProtocolError rather than in a listing that is silently wrong.
 */
export async function* listingPages<T>(source: ListingSource<T>): AsyncGenerator<T[], void, void> {
  const seen = new Set<number | string>();
  for (let page = 1; ; page++) {
    const { records, meta } = await source.readPage(page);
    const fresh = records.filter((record) => {
      const id = source.idOf(record);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    if (records.length === 0) {
      if (meta.total !== undefined && seen.size < meta.total) {
        throw new SafetyAmpProtocolError(
          source.endpoint,
          `listing ended at page ${page} with ${seen.size} records, but meta.total says ${meta.total}`,
        );
      }
      return;
    }
    if (fresh.length === 0) {
      throw new SafetyAmpProtocolError(
        source.endpoint,
        `page ${page} only repeats records already read: paging is broken`,
      );
    }
    yield fresh;
    const provablyLast =
      meta.lastPage !== undefined &&
      page >= meta.lastPage &&
      meta.perPage !== undefined &&
      records.length < meta.perPage &&
      meta.total !== undefined &&
      seen.size >= meta.total;
    if (provablyLast) return;
    const bound = pageBound(meta, source.maxPages);
    if (page >= bound) {
      throw new SafetyAmpProtocolError(
        source.endpoint,
        `listing did not end after ${page} pages (${seen.size} records` +
          `${meta.total === undefined ? '' : `, meta.total ${meta.total}`})`,
      );
    }
  }
}

/** Every record of a listing (see `listingPages`). */
export async function readListing<T>(source: ListingSource<T>): Promise<T[]> {
  const all: T[] = [];
  // Record by record: spreading a page past ~125,000 records overflows the call stack.
  for await (const records of listingPages(source)) for (const record of records) all.push(record);
  return all;
}

/** The first record of a listing, in its order, that `matches`; reads on only while none has. */
export async function findInListing<T>(
  source: ListingSource<T>,
  matches: (record: T) => boolean,
): Promise<T | null> {
  for await (const records of listingPages(source)) {
    const found = records.find(matches);
    if (found !== undefined) return found;
  }
  return null;
}
