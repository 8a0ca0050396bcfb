import { expect } from 'chai';
import { startSamsaraSimulator } from '../../../apps/simulators/samsara/server.js';
import type { SamsaraSimulator, SimulatedDriver } from '../../../apps/simulators/samsara/server.js';
import type { SamsaraVehicle } from '../../../libs/domain/types.js';
import { SamsaraRequestError } from '../../../libs/sources/samsara/samsara-errors.js';
import { createSamsaraReader } from '../../../libs/sources/samsara/samsara-reader.js';
import type { SamsaraReader, SamsaraReaderOptions } from '../../../libs/sources/samsara/samsara-reader.js';
import type { SamsaraVehicleChanges } from '../../../libs/sources/samsara/vehicle-changes.js';

const LONG_AGO = '2024-01-01T00:00:00Z';

/** 300 drivers, every 50th deactivated; 450 vehicles, two of three driven by driver (i mod 300). */
const DRIVERS: SimulatedDriver[] = Array.from({ length: 300 }, (_, i) => ({
  id: String(9_000_000 + i),
  name: `Driver ${i}`,
  notes: `Emp #${String(4000 + i).padStart(6, '0')}`,
  driverActivationStatus: i % 50 === 7 ? 'deactivated' : 'active',
  createdAtTime: LONG_AGO,
  updatedAtTime: LONG_AGO,
}));
const VEHICLES: SamsaraVehicle[] = Array.from({ length: 450 }, (_, i) => {
  const driver = DRIVERS[i % DRIVERS.length] as SimulatedDriver;
  return {
    id: String(281_474_976_710_000 + i),
    name: `Truck ${i}`,
    serial: `G${String(i).padStart(3, '0')}-AAA-BBB`,
    staticAssignedDriver: i % 3 === 2 ? null : { id: driver.id, name: driver.name ?? null },
    createdAtTime: LONG_AGO,
    updatedAtTime: LONG_AGO,
  };
});

function expectKind<K extends SamsaraVehicleChanges['kind']>(
  changes: SamsaraVehicleChanges,
  kind: K,
): Extract<SamsaraVehicleChanges, { kind: K }> {
  expect(changes.kind).to.equal(kind);
  return changes as Extract<SamsaraVehicleChanges, { kind: K }>;
}

describe('Samsara reader: vehicle changes by updatedAfterTime (simulator)', function () {
  let simulator: SamsaraSimulator;
  let reader: SamsaraReader;

  async function start(readerOptions: Partial<SamsaraReaderOptions> = {}): Promise<void> {
    simulator = await startSamsaraSimulator({ data: { vehicles: VEHICLES, drivers: DRIVERS } });
    reader = createSamsaraReader({
      baseUrl: simulator.url,
      apiKey: 'test-key',
      retry: { minDelayMs: 10, retries: 3 },
      ...readerOptions,
    });
  }

  /** A full read, then the calls a change read makes. */
  async function baseline(): Promise<{ nextSince: Date; mark: number }> {
    const full = expectKind(await reader.readVehicleChanges(null), 'full');
    return { nextSince: full.nextSince, mark: simulator.calls().length };
  }

  afterEach(async () => {
    await simulator.close();
  });

  it('reads everything when given no time, and the next time from Samsara’s clock less the overlap', async () => {
    await start();
    const before = Date.now();
    const full = expectKind(await reader.readVehicleChanges(null), 'full');
    const after = Date.now();

    expect(full.vehicles.map((v) => v.id)).to.deep.equal(VEHICLES.map((v) => v.id));
    const assigned = new Set(
      VEHICLES.flatMap((v) => (v.staticAssignedDriver ? [v.staticAssignedDriver.id] : [])),
    );
    expect(full.drivers.map((d) => d.id).sort()).to.deep.equal([...assigned].sort());
    // The Date header has whole seconds: Samsara's clock when the first page was answered, floored.
    expect(full.nextSince.getTime()).to.be.within(before - 60_000 - 1000, after - 60_000);
  });

  it('costs three calls and reports nothing when nothing changed', async () => {
    await start();
    const { nextSince, mark } = await baseline();
    const changes = expectKind(await reader.readVehicleChanges(nextSince), 'changes');

    expect(changes.vehicles).to.deep.equal([]);
    expect(changes.drivers).to.deep.equal([]);
    expect(
      simulator
        .calls()
        .slice(mark)
        .map((c) => `${c.path} ${c.status}`),
    ).to.deep.equal(['/fleet/vehicles 200', '/fleet/drivers 200', '/fleet/drivers 200']);
  });

  it('reports a changed vehicle with its driver, a new vehicle, and a changed driver', async () => {
    await start();
    const { nextSince } = await baseline();
    simulator.updateVehicle(VEHICLES[0]?.id as string, { name: 'Truck 0 renamed' });
    simulator.upsertVehicle({ id: '281474976719999', name: 'New truck', serial: 'GNEW-AAA-BBB' });
    simulator.updateDriver(DRIVERS[5]?.id as string, { notes: 'Emp #004999' });
    simulator.updateDriver(DRIVERS[7]?.id as string, { notes: 'Emp #004777' }); // deactivated
    const changes = expectKind(await reader.readVehicleChanges(nextSince), 'changes');

    expect(changes.vehicles.map((v) => [v.id, v.name])).to.deep.equal([
      [VEHICLES[0]?.id, 'Truck 0 renamed'],
      ['281474976719999', 'New truck'],
    ]);
    expect(changes.drivers.map((d) => [d.id, d.notes]).sort()).to.deep.equal(
      [
        [DRIVERS[0]?.id, DRIVERS[0]?.notes], // assigned to the changed vehicle
        [DRIVERS[5]?.id, 'Emp #004999'],
        [DRIVERS[7]?.id, 'Emp #004777'],
      ].sort(),
    );
  });

  it('follows every page of a large change, and cannot see a deleted vehicle', async () => {
    await start();
    const { nextSince } = await baseline();
    for (const vehicle of VEHICLES.slice(0, 250)) simulator.updateVehicle(vehicle.id, { notes: 'serviced' });
    simulator.removeVehicle(VEHICLES[400]?.id as string);
    const changes = expectKind(await reader.readVehicleChanges(nextSince), 'changes');

    expect(changes.vehicles.map((v) => v.id)).to.deep.equal(VEHICLES.slice(0, 250).map((v) => v.id));
    expect(changes.vehicles.every((v) => v.notes === 'serviced')).to.equal(true);
  });

  it('reads a change again within the overlap (a replay the planner absorbs)', async () => {
    await start();
    const { nextSince } = await baseline();
    simulator.updateVehicle(VEHICLES[1]?.id as string, { name: 'changed' });
    const first = expectKind(await reader.readVehicleChanges(nextSince), 'changes');
    const replay = expectKind(await reader.readVehicleChanges(first.nextSince), 'changes');
    const exact = createSamsaraReader({ baseUrl: simulator.url, apiKey: 'test-key', changeOverlapMs: 0 });
    const before = Date.now();
    const noOverlap = expectKind(await exact.readVehicleChanges(nextSince), 'changes');

    expect(first.vehicles.map((v) => v.id)).to.deep.equal([VEHICLES[1]?.id]);
    expect(replay.vehicles.map((v) => v.id)).to.deep.equal([VEHICLES[1]?.id]);
    expect(noOverlap.vehicles.map((v) => v.id)).to.deep.equal([VEHICLES[1]?.id]);
    // Without an overlap the next time is Samsara's Date header itself: whole seconds, never after the read began.
    expect(noOverlap.nextSince.getTime() % 1000).to.equal(0);
    expect(noOverlap.nextSince.getTime()).to.be.within(before - 1000, Date.now());
  });

  it('retries a 500 inside a change read, and throws on a lasting one rather than return part', async () => {
    await start();
    const { nextSince } = await baseline();
    for (const vehicle of VEHICLES.slice(0, 150)) simulator.updateVehicle(vehicle.id, { notes: 'x' });
    simulator.failNext(1, { status: 500, after: 1, path: '/fleet/vehicles' });
    const changes = expectKind(await reader.readVehicleChanges(nextSince), 'changes');
    expect(changes.vehicles).to.have.length(150);

    simulator.failNext(Infinity, { status: 500, after: 1, path: '/fleet/vehicles' });
    const error = await reader.readVehicleChanges(nextSince).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(SamsaraRequestError);
    expect((error as SamsaraRequestError).status).to.equal(500);
  });

  it('refuses an invalid time before calling Samsara', async () => {
    await start();
    const error = await reader.readVehicleChanges(new Date('not a date')).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(RangeError);
    expect(simulator.calls()).to.have.length(0);
  });
});
