import type { SamsaraDriver, SamsaraVehicle } from '../../domain/types.js';
import { createLogger } from '../../platform/logger.js';
import { DRIVER_PAGE, VEHICLE_PAGE, listAll } from './samsara-listing.js';
import { createSamsaraGet } from './samsara-request.js';
import type { SamsaraRetryOptions } from './samsara-request.js';
import { readVehicleChanges } from './vehicle-changes.js';
import type { SamsaraVehicleChanges } from './vehicle-changes.js';

const log = createLogger('samsara');

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
  /** How far before a read's start the next `readVehicleChanges` looks again (default 60 s). */
  changeOverlapMs?: number;
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
  /**
   * The cheap path: with `null`, every vehicle and its drivers; with the `nextSince` kept from the last call,
   * only the vehicles and drivers updated since (`updatedAfterTime`: three calls when nothing changed).
   * Semantics, and what it cannot see (deletions), in vehicle-changes.ts. Throws a `SamsaraError` rather than
   * return part of a listing.
   */
  readVehicleChanges(since: Date | null): Promise<SamsaraVehicleChanges>;
  /** One one-vehicle call, no retries. */
  health(): Promise<SourceHealth>;
  /** Nothing to release today (requests use the process-wide fetch pool); here for symmetry with the others. */
  close(): Promise<void>;
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
    const { body } = await get<{ data?: SamsaraDriver }>(
      `/fleet/drivers/${encodeURIComponent(id)}`,
      '/fleet/drivers/{id}',
      true,
    );
    return body?.data ?? null;
  }

  async function listDrivers(ids: string[]): Promise<SamsaraDriver[]> {
    const wanted = new Set(ids.filter((id) => id !== ''));
    if (wanted.size === 0) return [];
    const found = new Map<string, SamsaraDriver>();
    if (wanted.size > SINGLE_LOOKUPS_MAX) {
      for (const driver of (await listAll<SamsaraDriver>(get, '/fleet/drivers', DRIVER_PAGE)).items) {
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
  }

  return {
    async listVehicles() {
      const { items } = await listAll<SamsaraVehicle>(get, '/fleet/vehicles', VEHICLE_PAGE);
      log.info('samsara vehicles listed', { vehicles: items.length });
      return items;
    },

    listDrivers,

    readVehicleChanges: (since) =>
      readVehicleChanges({ get, listDrivers, overlapMs: options.changeOverlapMs ?? 60_000, log }, since),

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
