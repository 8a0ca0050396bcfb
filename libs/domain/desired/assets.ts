import { normaliseInteger } from '../normalise/number.js';
import { normaliseText } from '../normalise/text.js';
import type { PlanSettings } from '../settings.js';
import type { InvalidRecord, PayloadValue, SamsaraDriver, SamsaraVehicle } from '../types.js';
import { newDesiredRecord, rowKey } from './desired-record.js';
import type { DesiredRecord } from './desired-record.js';
import { driverEmployeeKey } from './driver-employee.js';
import { resolveReference } from './references.js';
import type { References } from './references.js';
import { valueInReason } from './value-in-reason.js';

const VIN = /^[A-Za-z0-9]{17}$/;

export interface AssetSources {
  settings: PlanSettings;
  /** Users as far as the plan knows them. */
  refs: References;
  drivers: ReadonlyMap<string, SamsaraDriver>;
  /** The home site (id or reference) of a user, by employee key, when known. */
  homeSiteOf: (employeeKey: string) => PayloadValue | undefined;
}

/**
 * One asset per Samsara vehicle, keyed by its trimmed serial (a vehicle without one is invalid). The driver's
 * employee, read from the driver's notes, becomes `current_user_id` when that user exists or is created by
 * this run (the original dropped it, and re-sent every asset every run). The site is the driver's home site,
 * else the configured default. No driver means `current_user_id` is cleared.
 */
export function desiredAssets(
  vehicles: readonly SamsaraVehicle[],
  sources: AssetSources,
): { records: DesiredRecord[]; keyless: InvalidRecord[] } {
  const records: DesiredRecord[] = [];
  const keyless: InvalidRecord[] = [];
  vehicles.forEach((vehicle, index) => {
    if (typeof vehicle !== 'object' || vehicle === null) {
      keyless.push({
        type: 'assets',
        key: rowKey(index),
        field: 'serial',
        reason: 'vehicle is not a record',
      });
      return;
    }
    const serial = normaliseText(vehicle.serial);
    if (serial === null) {
      keyless.push({
        type: 'assets',
        key: `samsara:${valueInReason(String(vehicle.id))}`,
        field: 'serial',
        reason: 'vehicle has no serial',
      });
      return;
    }
    records.push(desiredAsset(serial, vehicle, sources));
  });
  return { records, keyless };
}

function desiredAsset(serial: string, vehicle: SamsaraVehicle, sources: AssetSources): DesiredRecord {
  const record = newDesiredRecord('assets', serial, { serial });
  const { payload } = record;
  const set = (field: string, value: PayloadValue | undefined): void => {
    if (value !== null && value !== undefined) payload[field] = value;
  };
  set('name', normaliseText(vehicle.name));
  set('code', normaliseText(vehicle.licensePlate) ?? `Unit_${String(vehicle.id).slice(-4)}`);
  set('model', normaliseText(vehicle.model));
  set('description', normaliseText(vehicle.notes));
  set('status', regulationStatus(vehicle.vehicleRegulationMode));
  set('asset_type_id', sources.settings.vehicleAssetTypeId);

  const vin = normaliseText(vehicle.vin);
  if (vin !== null && !VIN.test(vin))
    record.warnings.push({ field: 'vin', reason: 'VIN is not 17 letters or digits; left out' });
  else set('vin', vin);
  const year = normaliseInteger(vehicle.year);
  if (year !== null && (year < 1900 || year > 2100))
    record.warnings.push({ field: 'year', reason: 'year is out of range; left out' });
  else if (year === null && normaliseText(vehicle.year) !== null)
    record.warnings.push({ field: 'year', reason: 'year is not a number; left out' });
  else set('year', year);

  const employee = driverOf(vehicle, sources, record);
  const user = employee === null ? undefined : resolveReference(sources.refs, 'users', employee);
  if (employee !== null && user === undefined) {
    record.warnings.push({
      field: 'current_user_id',
      reason: `the driver's employee ${employee} is not a SafetyAmp user; the asset has no current user`,
    });
  }
  payload.current_user_id = user ?? null;
  payload.site_id =
    (employee === null ? undefined : sources.homeSiteOf(employee)) ?? sources.settings.defaultVehicleSiteId;
  return record;
}

function driverOf(vehicle: SamsaraVehicle, sources: AssetSources, record: DesiredRecord): string | null {
  const assigned: unknown = vehicle.staticAssignedDriver;
  const rawId: unknown =
    typeof assigned === 'object' && assigned !== null ? (assigned as { id?: unknown }).id : null;
  const driverId = normaliseText(rawId);
  if (driverId === null) return null;
  const driver = sources.drivers.get(driverId);
  const employee = driver === undefined ? null : driverEmployeeKey(driver);
  if (employee === null) {
    record.warnings.push({
      field: 'current_user_id',
      reason:
        driver === undefined
          ? `driver ${valueInReason(driverId)} was not read from Samsara`
          : `driver ${valueInReason(driverId)}'s notes carry no employee number`,
    });
  }
  return employee;
}

/** vehicleRegulationMode "unregulated" → 0; "regulated" and anything else → 1 (domain.md §4.5). */
function regulationStatus(mode: string | null | undefined): number {
  return typeof mode === 'string' && mode.trim().toLowerCase() === 'unregulated' ? 0 : 1;
}
