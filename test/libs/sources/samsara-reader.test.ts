import { expect } from 'chai';
import { startSamsaraSimulator } from '../../../apps/simulators/samsara/server.js';
import type {
  SamsaraSimulator,
  SamsaraSimulatorOptions,
  SimulatedDriver,
} from '../../../apps/simulators/samsara/server.js';
import type { SamsaraVehicle } from '../../../libs/domain/types.js';
import { SamsaraAuthError, SamsaraRequestError } from '../../../libs/sources/samsara/samsara-errors.js';
import { createSamsaraReader } from '../../../libs/sources/samsara/samsara-reader.js';
import type { SamsaraReaderOptions } from '../../../libs/sources/samsara/samsara-reader.js';

/** 1,400 drivers, every 100th deactivated; 3,200 vehicles, two of three driven by driver (i mod 1,400). */
const DRIVERS: SimulatedDriver[] = Array.from({ length: 1400 }, (_, i) => ({
  id: String(9_000_000 + i),
  name: `Driver ${i}`,
  notes: `Emp #${String(4000 + i).padStart(6, '0')} - CDL`,
  driverActivationStatus: i % 100 === 7 ? 'deactivated' : 'active',
}));
const VEHICLES: SamsaraVehicle[] = Array.from({ length: 3200 }, (_, i) => {
  const driver = DRIVERS[i % DRIVERS.length] as SimulatedDriver;
  return {
    id: String(281_474_976_710_000 + i),
    name: `Truck ${i}`,
    serial: `G${String(i).padStart(3, '0')}-AAA-BBB`,
    vehicleRegulationMode: 'regulated',
    staticAssignedDriver: i % 3 === 2 ? null : { id: driver.id, name: driver.name ?? null },
  };
});

describe('Samsara reader against the Samsara simulator', function () {
  let simulator: SamsaraSimulator | undefined;

  async function start(options: SamsaraSimulatorOptions, readerOptions: Partial<SamsaraReaderOptions> = {}) {
    simulator = await startSamsaraSimulator({ data: { vehicles: VEHICLES, drivers: DRIVERS }, ...options });
    const reader = createSamsaraReader({
      baseUrl: simulator.url,
      apiKey: 'test-key',
      retry: { minDelayMs: 10, retries: 3 },
      ...readerOptions,
    });
    return { simulator, reader };
  }

  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });

  const vehicleCalls = (s: SamsaraSimulator) => s.calls().filter((c) => c.path === '/fleet/vehicles');

  it('pages through every vehicle with the cursor', async () => {
    const { simulator, reader } = await start({});
    const vehicles = await reader.listVehicles();

    expect(vehicles.map((v) => v.id)).to.deep.equal(VEHICLES.map((v) => v.id));
    expect(vehicleCalls(simulator)).to.have.length(32);
    expect(vehicleCalls(simulator).every((c) => c.status === 200)).to.equal(true);
  });

  it('waits out 429 Retry-After answers and returns the whole listing', async () => {
    const { simulator, reader } = await start({ throttle: { perSecond: 12 } });
    const vehicles = await reader.listVehicles();

    expect(vehicles).to.have.length(VEHICLES.length);
    const statuses = vehicleCalls(simulator).map((c) => c.status);
    expect(statuses.filter((s) => s === 429).length).to.be.greaterThan(0);
    expect(statuses.filter((s) => s === 200)).to.have.length(32);
  });

  it('retries a 500 in the middle of the listing and returns every vehicle', async () => {
    const { simulator, reader } = await start({});
    simulator.failNext(2, { status: 500, after: 10, path: '/fleet/vehicles' });
    const vehicles = await reader.listVehicles();

    expect(vehicles.map((v) => v.id)).to.deep.equal(VEHICLES.map((v) => v.id));
    const statuses = vehicleCalls(simulator).map((c) => c.status);
    expect(statuses.slice(10, 12)).to.deep.equal([500, 500]);
    expect(statuses.filter((s) => s === 200)).to.have.length(32);
  });

  it('throws a clear error on a lasting 500 instead of returning part of the fleet', async () => {
    const { simulator, reader } = await start({});
    simulator.failNext(Infinity, { status: 500, after: 5 });
    const error = await reader.listVehicles().then(
      () => null,
      (e: unknown) => e,
    );

    expect(error).to.be.instanceOf(SamsaraRequestError);
    expect((error as SamsaraRequestError).status).to.equal(500);
    expect((error as Error).message).to.match(/Samsara GET \/fleet\/vehicles answered 500/);
    expect(vehicleCalls(simulator)).to.have.length(5 + 4); // 5 good pages, then the first try and 3 retries
  });

  it('stops a cursor that loops (set through /__sim) at the first cursor seen twice, naming the loop', async () => {
    const { simulator, reader } = await start({});
    const set = await fetch(`${simulator.url}/__sim/faults/cursor-loop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ afterPage: 3, path: '/fleet/vehicles' }),
    });
    expect(set.status).to.equal(204);
    const error = await reader.listVehicles().then(
      () => null,
      (e: unknown) => e,
    );

    expect(error).to.be.instanceOf(SamsaraRequestError);
    expect((error as Error).message).to.match(/cursor loops/);
    // Pages 1-3, then page 1 again (3's cursor pointed back), whose cursor to page 2 was followed already.
    const calls = vehicleCalls(simulator);
    expect(calls).to.have.length(4);
    expect(calls.filter((c) => c.fault === 'cursor-loop')).to.have.length(1);
    expect((error as Error).message).to.contain('page 4 gave back a cursor already followed');

    simulator.loopCursor(null);
    expect(await reader.listVehicles()).to.have.length(VEHICLES.length);
  });

  it('does not retry a 400 and still throws rather than end the listing', async () => {
    const { simulator, reader } = await start({});
    simulator.failNext(1, { status: 400, after: 3 });
    const error = await reader.listVehicles().then(
      () => null,
      (e: unknown) => e,
    );

    expect(error).to.be.instanceOf(SamsaraRequestError);
    expect((error as SamsaraRequestError).status).to.equal(400);
    expect(vehicleCalls(simulator)).to.have.length(4);
  });

  it('reads the drivers of all assigned vehicles in a few calls', async () => {
    const { simulator, reader } = await start({});
    const ids = VEHICLES.flatMap((v) => (v.staticAssignedDriver ? [v.staticAssignedDriver.id] : []));
    const drivers = await reader.listDrivers(ids);

    const wanted = new Set(ids);
    expect(wanted.size).to.equal(DRIVERS.length);
    expect(drivers.map((d) => d.id).sort()).to.deep.equal([...wanted].sort());
    expect(drivers.find((d) => d.id === '9000004')?.notes).to.equal('Emp #004004 - CDL');
    const driverCalls = simulator.calls().filter((c) => c.path.startsWith('/fleet/drivers'));
    const deactivated = DRIVERS.filter((d) => d.driverActivationStatus === 'deactivated').length;
    // Three listing pages of 512 active drivers, plus one lookup per deactivated driver the listing lacks.
    expect(driverCalls.filter((c) => c.path === '/fleet/drivers')).to.have.length(3);
    expect(driverCalls).to.have.length(3 + deactivated);
    expect(driverCalls.length).to.be.lessThan(wanted.size / 50);
  });

  it('looks up a handful of drivers one by one and leaves unknown ids out', async () => {
    const { simulator, reader } = await start({});
    const drivers = await reader.listDrivers(['9000001', '9000001', '9000007', 'no-such-driver']);

    expect(drivers.map((d) => d.id)).to.deep.equal(['9000001', '9000007']);
    const driverCalls = simulator.calls().filter((c) => c.path.startsWith('/fleet/drivers'));
    expect(driverCalls.map((c) => c.status)).to.deep.equal([200, 200, 404]);
    expect(await reader.listDrivers([])).to.deep.equal([]);
  });

  it('refuses a missing API key with a SamsaraAuthError', async () => {
    const { simulator, reader } = await start({}, { apiKey: '' });
    const error = await reader.listVehicles().then(
      () => null,
      (e: unknown) => e,
    );

    expect(error).to.be.instanceOf(SamsaraAuthError);
    expect((error as Error).message).to.match(/401.*SAMSARA_API_KEY/);
    expect(vehicleCalls(simulator)).to.have.length(1);
    expect((await reader.health()).ok).to.equal(false);
  });

  it('is healthy against a running simulator', async () => {
    const { reader } = await start({});
    expect(await reader.health()).to.deep.equal({ ok: true });
  });
});
