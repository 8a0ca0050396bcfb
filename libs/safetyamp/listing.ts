import { SafetyAmpConfigurationError } from './errors.js';
import type { ListingPage } from './types.js';

/**
 * Reads every page of a listing, each record once. Pages are 1-based. With `meta`, it reads up to
 * `meta.last_page`; without, until a page comes back empty. The page size the server chose is the truth:
 * a page shorter than the limit asked for is not the last one unless `meta` says so.
 */
export async function readListing<T extends { id: number | string }>(
  endpoint: string,
  readPage: (page: number) => Promise<ListingPage<T>>,
): Promise<T[]> {
  const records = new Map<number | string, T>();
  for (let page = 1; ; page++) {
    const { data, meta } = await readPage(page);
    let fresh = 0;
    for (const record of data) {
      if (records.has(record.id)) continue;
      records.set(record.id, record);
      fresh++;
    }
    const lastPage = meta?.last_page;
    if (typeof lastPage === 'number' ? page >= lastPage : data.length === 0) break;
    // A server that ignores `page` would otherwise be listed forever.
    if (data.length > 0 && fresh === 0) {
      throw new SafetyAmpConfigurationError(
        `GET ${endpoint}: page ${page} repeats earlier records; paging is broken`,
      );
    }
  }
  return [...records.values()];
}
