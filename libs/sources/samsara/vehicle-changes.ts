import type { SamsaraDriver, SamsaraVehicle } from '../../domain/types.js';
import type { Logger } from '../../platform/logger.js';
import { DRIVER_PAGE, VEHICLE_PAGE, listAll } from './samsara-listing.js';
import type { SamsaraGet } from './samsara-request.js';

/**
 * What a read of Samsara vehicles found. Samsara's `/fleet/vehicles` and `/fleet/drivers` filter on
 * `updatedAfterTime` (RFC 3339, "updated at or after"), so only changes are read when a time is given.
 *
 * - `full` (no time given): every vehicle and the drivers assigned to them. Replace what you kept.
 * - `changes`: the vehicles updated at or after `since`, and the drivers updated since (active or deactivated)
 *   plus those assigned to the changed vehicles. Replace both by id in what you kept, then plan every kept
 *   vehicle again (a driver's change reaches the vehicles it drives: notes carry the employee). A vehicle may
 *   come again although unchanged (the overlap below): planning it again is harmless.
 *   Samsara reports no deletions: a vehicle removed from Samsara stays in what you kept until the next full read.
 *
 * Keep `nextSince` for the next call: Samsara's own clock (the `Date` header) when this read began, less an
 * overlap for changes that become visible late, so no change falls between two reads.
 */
export type SamsaraVehicleChanges =
  | { kind: 'full'; vehicles: SamsaraVehicle[]; drivers: SamsaraDriver[]; nextSince: Date }
  | { kind: 'changes'; vehicles: SamsaraVehicle[]; drivers: SamsaraDriver[]; nextSince: Date };

export interface VehicleChangesDeps {
  get: SamsaraGet;
  /** The reader's driver lookup (a few single calls, or the listing). */
  listDrivers(ids: string[]): Promise<SamsaraDriver[]>;
  /** Subtracted from the time a read began to give `nextSince`. */
  overlapMs: number;
  log: Logger;
}

export async function readVehicleChanges(
  deps: VehicleChangesDeps,
  since: Date | null,
): Promise<SamsaraVehicleChanges> {
  if (since !== null && Number.isNaN(since.getTime()))
    throw new RangeError('since must be a valid Date or null');
  const localStart = new Date();
  const filters: Record<string, string> = since ? { updatedAfterTime: since.toISOString() } : {};
  const vehicles = await listAll<SamsaraVehicle>(deps.get, '/fleet/vehicles', VEHICLE_PAGE, filters);
  const nextSince = new Date((vehicles.startedAt ?? localStart).getTime() - deps.overlapMs);
  const assigned = assignedDriverIds(vehicles.items);

  if (since === null) {
    const drivers = await deps.listDrivers(assigned);
    deps.log.info('samsara vehicles read in full', {
      vehicles: vehicles.items.length,
      drivers: drivers.length,
    });
    return { kind: 'full', vehicles: vehicles.items, drivers, nextSince };
  }

  const [active, deactivated] = await Promise.all([
    listAll<SamsaraDriver>(deps.get, '/fleet/drivers', DRIVER_PAGE, filters),
    listAll<SamsaraDriver>(deps.get, '/fleet/drivers', DRIVER_PAGE, {
      ...filters,
      driverActivationStatus: 'deactivated',
    }),
  ]);
  const drivers = new Map([...active.items, ...deactivated.items].map((d) => [d.id, d]));
  const missing = assigned.filter((id) => !drivers.has(id));
  for (const driver of missing.length ? await deps.listDrivers(missing) : []) drivers.set(driver.id, driver);
  deps.log.info('samsara vehicle changes read', { vehicles: vehicles.items.length, drivers: drivers.size });
  return { kind: 'changes', vehicles: vehicles.items, drivers: [...drivers.values()], nextSince };
}

function assignedDriverIds(vehicles: SamsaraVehicle[]): string[] {
  return [...new Set(vehicles.map((v) => v.staticAssignedDriver?.id).filter((id): id is string => !!id))];
}
