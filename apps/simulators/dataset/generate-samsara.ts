import type { SamsaraVehicle } from '../../../libs/domain/types.js';
import type { GeneratedDriver } from './company-dataset.js';
import type { Person } from './generate-employees.js';
import type { Random } from './random.js';
import { DAY_MS } from './vista-dates.js';
import { SCOPES, SERIAL_ALPHABET, VEHICLE_MODELS, VIN_ALPHABET } from './vocabulary.js';

export interface SamsaraFleet {
  vehicles: SamsaraVehicle[];
  drivers: GeneratedDriver[];
  withoutSerial: string[];
  sharingSerial: string[];
}

/**
 * Samsara vehicles (about 70 % with a static driver) and drivers whose `notes` carry the employee number in
 * the ways dispatchers write it. A few vehicles have no gateway serial and two share one; some VINs are junk;
 * a few assigned drivers are deactivated (absent from the default driver listing).
 */
export function generateSamsaraFleet(
  random: Random,
  count: number,
  people: Person[],
  regions: string[],
  asOfMs: number,
): SamsaraFleet {
  const drivable = people.filter((p) => p.active && p.invalid === null);
  const driverOf = new Map<number, GeneratedDriver>();
  const drivers: GeneratedDriver[] = [];
  let nextDriverId = 52_000_000 + random.int(0, 9999);
  const newDriver = (person: Person): GeneratedDriver => {
    nextDriverId += random.int(1, 40);
    const driver: GeneratedDriver = {
      id: String(nextDriverId),
      name: `${person.firstName} ${person.lastName}`,
      notes: driverNotes(random, person.employee),
      driverActivationStatus: random.chance(0.03) ? 'deactivated' : 'active',
    };
    drivers.push(driver);
    return driver;
  };

  const withoutSerial = new Set<number>();
  if (count >= 10) {
    for (const i of random
      .shuffle([...Array(count).keys()])
      .slice(0, Math.max(1, Math.round(count * 0.02)))) {
      withoutSerial.add(i);
    }
  }
  const usedSerials = new Set<string>();
  const vehicles: SamsaraVehicle[] = [];
  let nextVehicleId = 281_474_976_710_000 + random.int(0, 9999);
  for (let i = 0; i < count; i++) {
    nextVehicleId += random.int(1, 500);
    const [make, model] = random.pick(VEHICLE_MODELS);
    const region = regions.length ? random.pick(regions) : 'Shop';
    let assigned: GeneratedDriver | null = null;
    if (drivable.length && random.chance(0.7)) {
      const person = random.pick(drivable);
      assigned = driverOf.get(person.employee) ?? newDriver(person);
      driverOf.set(person.employee, assigned);
    }
    const created = asOfMs - random.int(30, 2000) * DAY_MS;
    vehicles.push({
      id: String(nextVehicleId),
      name: `${initials(region)}-${random.int(100, 9999)} ${model}`,
      make,
      model,
      year: String(random.int(2012, 2025)),
      licensePlate: random.chance(0.88)
        ? random.chars(1, 'ABCDEFGHJK') + random.chars(6, '0123456789')
        : null,
      vin: vin(random),
      serial: withoutSerial.has(i) ? null : uniqueSerial(random, usedSerials),
      notes: random.chance(0.3) ? `${region} ${random.pick(SCOPES)} crew` : null,
      vehicleRegulationMode: random.weighted<string | null>([
        ['regulated', 60],
        ['unregulated', 35],
        [null, 5],
      ]),
      staticAssignedDriver: assigned ? { id: assigned.id, name: assigned.name ?? null } : null,
      tags: [{ id: String(4_100_000 + regions.indexOf(region)), name: region }],
      createdAtTime: new Date(created).toISOString(),
      updatedAtTime: new Date(created + random.int(0, asOfMs - created)).toISOString(),
    });
  }
  const sharingSerial = shareOneSerial(vehicles);

  // Drivers who drive nothing right now.
  for (let i = Math.round(count * 0.2); i > 0 && drivable.length; i--) {
    const person = random.pick(drivable);
    if (!driverOf.has(person.employee)) driverOf.set(person.employee, newDriver(person));
  }
  return {
    vehicles,
    drivers,
    withoutSerial: [...withoutSerial].map((i) => (vehicles[i] as SamsaraVehicle).id),
    sharingSerial,
  };
}

/** The last vehicle with a serial takes the serial of the first one (a gateway moved without re-pairing). */
function shareOneSerial(vehicles: SamsaraVehicle[]): string[] {
  const withSerial = vehicles.filter((v) => v.serial);
  const first = withSerial[0];
  const last = withSerial[withSerial.length - 1];
  if (!first || !last || first === last) return [];
  last.serial = first.serial;
  return [first.id, last.id];
}

function driverNotes(random: Random, employee: number): string | null {
  const padded = String(employee).padStart(6, '0');
  return random.weighted<string | null>([
    [`Emp #${padded} - CDL`, 40],
    [`Emp #${padded}`, 25],
    [String(employee), 15],
    [`Employee ${employee} / Class A`, 10],
    [random.pick([null, 'No emp # on file', 'Contractor']), 10],
  ]);
}

function vin(random: Random): string | null {
  return random.weighted<string | null>([
    [random.chars(17, VIN_ALPHABET), 88],
    [random.pick(['N/A', '', 'UNKNOWN', random.chars(11, VIN_ALPHABET)]), 6],
    [null, 6],
  ]);
}

function uniqueSerial(random: Random, used: Set<string>): string {
  for (;;) {
    const serial = `G${random.chars(3, SERIAL_ALPHABET)}-${random.chars(3, SERIAL_ALPHABET)}-${random.chars(3, SERIAL_ALPHABET)}`;
    if (!used.has(serial)) {
      used.add(serial);
      return serial;
    }
  }
}

function initials(region: string): string {
  return region
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .toUpperCase()
    .slice(0, 3);
}
