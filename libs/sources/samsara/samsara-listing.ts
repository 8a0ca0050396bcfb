import { SamsaraRequestError } from './samsara-errors.js';
import type { SamsaraGet } from './samsara-request.js';

/** Page size of the vehicle listing (Samsara's default). */
export const VEHICLE_PAGE = 100;
/** Page size of the driver listing (Samsara's maximum). */
export const DRIVER_PAGE = 512;

interface Page<T> {
  data?: T[];
  pagination?: { endCursor?: string; hasNextPage?: boolean };
}

/** Every item of a cursor listing, and Samsara's clock when the first page was answered. */
export interface Listing<T> {
  items: T[];
  /** The `Date` header of the first page: changes made after it are not guaranteed to be in `items`. */
  startedAt: Date | null;
}

/**
 * Follows `pagination.endCursor` while `hasNextPage`; a broken cursor chain is an error, never an end. `filters`
 * are query parameters sent with every page (e.g. `updatedAfterTime`).
 */
export async function listAll<T>(
  get: SamsaraGet,
  path: string,
  limit: number,
  filters: Record<string, string> = {},
): Promise<Listing<T>> {
  const items: T[] = [];
  const seen = new Set<string>();
  let startedAt: Date | null | undefined;
  let after: string | undefined;
  let pages = 0;
  for (;;) {
    pages += 1;
    const query = new URLSearchParams({ ...filters, limit: String(limit) });
    if (after !== undefined) query.set('after', after);
    const { body, serverDate } = await get<Page<T>>(`${path}?${query.toString()}`, path);
    startedAt ??= serverDate;
    const page = body ?? {};
    if (!Array.isArray(page.data)) {
      throw new SamsaraRequestError(`Samsara GET ${path} answered without a data array`, 502);
    }
    // One by one: a spread of a page past ~125,000 items overflows the call stack (a hostile page is that big).
    for (const item of page.data) items.push(item);
    if (!page.pagination?.hasNextPage) return { items, startedAt };
    const cursor = page.pagination.endCursor;
    if (!cursor) {
      throw new SamsaraRequestError(`Samsara GET ${path} says there is a next page but gave no cursor`, 502);
    }
    // A cursor already followed in this read: the listing loops and would never end.
    if (seen.has(cursor)) {
      throw new SamsaraRequestError(
        `Samsara GET ${path}: the cursor loops (page ${pages} gave back a cursor already followed in this read)`,
        502,
      );
    }
    seen.add(cursor);
    after = cursor;
  }
}
