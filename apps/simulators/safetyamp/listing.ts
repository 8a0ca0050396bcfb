import type { ApiAnswer } from './api-routes.js';
import type { StoredRecord } from './collection.js';
import { disfigureRecords } from './faults/record-lies.js';
import type { ListingLies, RecordLies } from './faults/settings.js';
import type { CollectionName } from './seed.js';
import type { SafetyAmpStore } from './store.js';

export interface ListingOptions {
  /** The largest `limit` the server honours. */
  pageCap: number;
  /** Whether listings carry `meta` (some deployments omit it). */
  meta: boolean;
}

/** Laravel's paginator default when a request names no `limit`. */
const DEFAULT_LIMIT = 15;

/**
 * The exact-match filters a listing honours, by query parameter, each backed by the store index that normalises
 * the value the same way (titles case-insensitively, as MySQL's default collation compares). Any other parameter
 * is ignored, as a Laravel index action ignores parameters it does not know.
 */
const FILTERS: Partial<Record<CollectionName, Record<string, string>>> = {
  users: { emp_id: 'emp_id' },
  sites: { external_code: 'external_code' },
  assets: { serial: 'serial' },
  user_titles: { name: 'name' },
};

/** A page or limit parameter: a positive integer, else undefined (so page=0 and page=abc mean page 1). */
function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}

function filtered(
  store: SafetyAmpStore,
  name: CollectionName,
  query: Record<string, string>,
): StoredRecord[] | null {
  for (const [param, index] of Object.entries(FILTERS[name] ?? {})) {
    const value = query[param];
    if (value !== undefined) return store.collection(name).findLike(index, { [param]: value });
  }
  return null;
}

/** Made-up records past the real end of an endless listing, with ids no real record has. */
function phantoms(name: CollectionName, page: number, perPage: number): StoredRecord[] {
  return Array.from({ length: perPage }, (_, i) => {
    const serial = page * perPage + i;
    const id = name === 'users' ? `phantom${serial}` : 1_000_000_000 + serial;
    return { id, name: `Phantom ${serial}`, ...(name === 'users' && { emp_id: null }) };
  });
}

/**
 * `GET /api/{collection}`: a page of records in id order with Laravel's `meta`, or the unpaged cluster tree.
 * The lies (ignored filters, a short `last_page` or `total`, endless pages, disfigured records) are the faults'.
 */
export function serveListing(
  store: SafetyAmpStore,
  name: CollectionName,
  query: Record<string, string>,
  opts: ListingOptions,
  lies: ListingLies = {},
  recordLies: RecordLies = {},
): ApiAnswer {
  if (name === 'site_clusters') {
    return { status: 200, body: { data: disfigureRecords(store.clusterTree(), recordLies) } };
  }
  const collection = store.collection(name);
  const matching = lies.ignoreFilters ? null : filtered(store, name, query);
  const rows = (start: number, end: number): StoredRecord[] =>
    matching ? matching.slice(start, end) : collection.slice(start, end);
  const total = matching ? matching.length : collection.size;
  const page = positiveInt(query.page) ?? 1;
  const perPage = Math.min(positiveInt(query.limit) ?? DEFAULT_LIMIT, opts.pageCap);
  const lastPage = Math.max(1, Math.ceil(total / perPage));

  let data = rows((page - 1) * perPage, page * perPage);
  if (page > lastPage && lies.endlessPages === 'repeat-last') {
    data = rows((lastPage - 1) * perPage, lastPage * perPage);
  } else if (page > lastPage && lies.endlessPages === 'fresh') {
    data = phantoms(name, page, perPage);
  }
  const body: Record<string, unknown> = { data: disfigureRecords(data, recordLies) };
  if (opts.meta) {
    let saidLastPage = lies.lyingLastPage ? Math.max(1, Math.ceil(lastPage / 2)) : lastPage;
    if (lies.endlessPages) saidLastPage = Math.max(saidLastPage, page + 1);
    body.meta = {
      current_page: page,
      last_page: saidLastPage,
      per_page: perPage,
      total: lies.lyingTotal ? Math.ceil(total / 2) : total,
    };
  }
  return { status: 200, body };
}
