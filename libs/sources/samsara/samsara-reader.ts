import type { SamsaraDriver, SamsaraVehicle } from '../../domain/types.js';
import { createLogger } from '../../platform/logger.js';
import { SamsaraRequestError } from './samsara-errors.js';
import { createSamsaraGet } from './samsara-request.js';
import type { SamsaraGet, SamsaraRetryOptions } from './samsara-request.js';

const log = createLogger('samsara');

/** Page size of the vehicle listing (Samsara's default). */
const VEHICLE_PAGE = 100;
/** Page size of the driver listing (Samsara's maximum). */
const DRIVER_PAGE = 512;
/** Up to this many drivers are looked up one by one; more are read from the driver listing. */
const SINGLE_LOOKUPS_MAX = 3;

export interface SamsaraReaderOptions {
  /** e.g. `https://api.samsara.com`. */
  baseUrl: string;
  apiKey: string;
  /** Per HTTP request (default 15 s). */
  timeoutMs?: number;
  /** Client-side rate limit (default 25 requests/s). */
  requestsPerSecond?: number;
  retry?: SamsaraRetryOptions;
}

/** Outcome of a health probe; never throws. */
export interface SourceHealth {
  ok: boolean;
  error?: string;
}

/** Reads vehicles and their assigned drivers from Samsara. */
export interface SamsaraReader {
  /** Every vehicle (`/fleet/vehicles`, all cursor pages). Throws a `SamsaraError` rather than return part. */
  listVehicles(): Promise<SamsaraVehicle[]>;
  /**
   * The drivers with these ids, in a few calls: a handful are looked up one by one, more come from the
   * `/fleet/drivers` listing (plus single lookups for ids the listing lacks, e.g. deactivated drivers).
   * Unknown ids are left out.
   */
  listDrivers(ids: string[]): Promise<SamsaraDriver[]>;
  /** One one-vehicle call, no retries. */
  health(): Promise<SourceHealth>;
  /** Nothing to release today (requests use the process-wide fetch pool); here for symmetry with the others. */
  close(): Promise<void>;
}

interface Page<T> {
  data?: T[];
  pagination?: { endCursor?: string; hasNextPage?: boolean };
}

export function createSamsaraReader(options: SamsaraReaderOptions): SamsaraReader {
  const common = {
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs ?? 15_000,
    requestsPerSecond: options.requestsPerSecond ?? 25,
  };
  const get = createSamsaraGet({ ...common, retry: options.retry });
  const probe = createSamsaraGet({
    ...common,
    timeoutMs: Math.min(common.timeoutMs, 5000),
    retry: { retries: 0, maxThrottled: 0 },
  });

  async function driverById(id: string): Promise<SamsaraDriver | null> {
    const body = await get<{ data?: SamsaraDriver }>(
      `/fleet/drivers/${encodeURIComponent(id)}`,
      '/fleet/drivers/{id}',
      true,
    );
    return body?.data ?? null;
  }

  return {
    async listVehicles() {
      const vehicles = await listAll<SamsaraVehicle>(get, '/fleet/vehicles', VEHICLE_PAGE);
      log.info('samsara vehicles listed', { vehicles: vehicles.length });
      return vehicles;
    },

    async listDrivers(ids) {
      const wanted = new Set(ids.filter((id) => id !== ''));
      if (wanted.size === 0) return [];
      const found = new Map<string, SamsaraDriver>();
      if (wanted.size > SINGLE_LOOKUPS_MAX) {
        for (const driver of await listAll<SamsaraDriver>(get, '/fleet/drivers', DRIVER_PAGE)) {
          if (wanted.has(driver.id)) found.set(driver.id, driver);
        }
      }
      for (const id of wanted) {
        if (found.has(id)) continue;
        const driver = await driverById(id);
        if (driver) found.set(id, driver);
      }
      log.info('samsara drivers read', { wanted: wanted.size, found: found.size });
      return [...found.values()];
    },

    async health() {
      try {
        await probe('/fleet/vehicles?limit=1', '/fleet/vehicles');
        return { ok: true };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },

    close: () => Promise.resolve(),
  };
}

/** Follows `pagination.endCursor` while `hasNextPage`; a broken cursor chain is an error, never an end. */
async function listAll<T>(get: SamsaraGet, path: string, limit: number): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: String(limit) });
    if (after !== undefined) query.set('after', after);
    const page = (await get<Page<T>>(`${path}?${query.toString()}`, path)) as Page<T>;
    if (!Array.isArray(page.data)) {
      throw new SamsaraRequestError(`Samsara GET ${path} answered without a data array`, 502);
    }
    items.push(...page.data);
    if (!page.pagination?.hasNextPage) return items;
    const cursor = page.pagination.endCursor;
    if (!cursor || seen.has(cursor)) {
      throw new SamsaraRequestError(
        `Samsara GET ${path} says there is a next page but gave no new cursor`,
        502,
      );
    }
    seen.add(cursor);
    after = cursor;
  }
}
