import { createLogger } from '../platform/logger.js';
import type { FilterTrust } from './filter-trust.js';
import { findInListing, type ListingSource, type ParsedPage } from './listing.js';

/** One record looked up by its key. */
export interface Lookup<T> {
  /** The collection, e.g. `users`; also the name its filter is remembered by. */
  resource: string;
  /** A server-side filter to try first, e.g. `{ param: 'emp_id', value: '1001' }`; absent: scan at once. */
  filter?: { param: string; value: string };
  /** Whether a record holds the key: the only judge of a match, whatever the server filtered. */
  matches(record: T): boolean;
}

export interface LookupSources<T> {
  trust: FilterTrust;
  /** One filtered request, e.g. `GET /api/users?emp_id=1001`, its records checked. */
  readFiltered(param: string, value: string): Promise<ParsedPage<T>>;
  /** The whole listing, for the scan. */
  listing: ListingSource<T>;
}

const log = createLogger('safetyamp-client');

/** True when a filtered answer holds only matching records and says there is nothing more. */
function honoursFilter<T>(page: ParsedPage<T>, matching: number): boolean {
  const { records, meta } = page;
  if (matching !== records.length) return false;
  if (meta.total !== undefined && meta.total > records.length) return false;
  return meta.lastPage === undefined || meta.lastPage <= 1;
}

/**
 * Finds the record holding a key, never trusting the server to have filtered. A filtered answer counts only when
 * every record in it matches and it claims nothing more; otherwise the server ignored the filter (it answered
 * with the unfiltered listing), that is remembered for the tenant, and the listing is scanned page by page up to
 * the first match (to the end only when there is none). Once a filter is known to be ignored, lookups scan at once.
 */
export async function lookUp<T>(lookup: Lookup<T>, sources: LookupSources<T>): Promise<T | null> {
  const { filter } = lookup;
  if (filter && !(await sources.trust.isIgnored(lookup.resource))) {
    const page = await sources.readFiltered(filter.param, filter.value);
    const found = page.records.filter((record) => lookup.matches(record));
    if (honoursFilter(page, found.length)) return found[0] ?? null;
    await sources.trust.markIgnored(lookup.resource);
    log.warn('SafetyAmp ignored a listing filter: lookups of this type scan the listing from now on', {
      resource: lookup.resource,
      filter: filter.param,
    });
    // A match is a match, wherever it came from.
    if (found[0] !== undefined) return found[0];
  }
  return findInListing(sources.listing, (record) => lookup.matches(record));
}
