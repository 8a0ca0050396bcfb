import { SafetyAmpProtocolError } from './errors.js';
import type { ListingMeta, ParsedPage } from './listing.js';
import { parseRecords, type RecordOf, type Resource } from './record-schemas.js';

/** A meta number: an integer ≥ 0, or a string of digits; anything else counts as absent (meta is advisory). */
function metaNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

/** `meta` of a listing answer; a missing or malformed field is left out, so the listing reads on to be sure. */
export function parseMeta(meta: unknown): ListingMeta {
  if (meta === null || typeof meta !== 'object') return {};
  const raw = meta as Record<string, unknown>;
  const out: ListingMeta = {};
  const lastPage = metaNumber(raw.last_page);
  const perPage = metaNumber(raw.per_page);
  const total = metaNumber(raw.total);
  if (lastPage !== undefined) out.lastPage = lastPage;
  if (perPage !== undefined && perPage > 0) out.perPage = perPage;
  if (total !== undefined) out.total = total;
  return out;
}

/** The `data` list of an answer, or SafetyAmpProtocolError. */
export function dataList(body: unknown, endpoint: string, where: string): unknown[] {
  const data = (body as { data?: unknown } | null | undefined)?.data;
  if (!Array.isArray(data))
    throw new SafetyAmpProtocolError(endpoint, `${where}: the answer has no data list`);
  return data;
}

/** A listing answer with its records checked (see record-schemas.ts) and its meta read. */
export function parsePage<R extends Resource>(
  resource: R,
  body: unknown,
  endpoint: string,
  where: string,
): ParsedPage<RecordOf[R]> {
  const records = parseRecords(resource, dataList(body, endpoint, where), endpoint, where);
  return { records, meta: parseMeta((body as { meta?: unknown }).meta) };
}
