import { expect } from 'chai';
import { startGraphSimulator, type GraphSimulator } from '../../apps/simulators/graph/server.js';
import {
  startSamsaraSimulator,
  type SamsaraSimulator,
  type SimulatedDriver,
} from '../../apps/simulators/samsara/server.js';
import { planRun } from '../../libs/domain/index.js';
import type { GraphUser, SamsaraVehicle } from '../../libs/domain/index.js';
import { createGraphReader, type GraphReader } from '../../libs/sources/graph/graph-reader.js';
import { createSamsaraReader, type SamsaraReader } from '../../libs/sources/samsara/samsara-reader.js';
import { employee, settings, source, syncedTenant } from '../libs/domain/fixtures.js';
import { IMG_ONERROR, SCRIPT_TAG, SQL_INJECTION } from './hostile-text.js';
import { startSafetyAmp, type SafetyAmpUnderTest } from './safetyamp-write.js';

/** Entra users as a careless or hostile directory may hold them: Graph's JSON carries whatever was stored. */
const ENTRA_USERS = [
  { id: 'g1', employeeId: '101', mail: `${SCRIPT_TAG}@corp.example.com`, accountEnabled: true },
  { id: 'g2', employeeId: 102, mail: 'num102@corp.example.com', accountEnabled: true },
  { id: 'g3', employeeId: '103', mail: 42, businessPhones: '+1 337 555 0100', accountEnabled: true },
  {
    id: 'g4',
    employeeId: '104',
    mail: 'ok104@corp.example.com',
    businessPhones: [IMG_ONERROR, '+1 337 555 0100'],
    accountEnabled: true,
  },
  { id: 'g5', employeeId: '105', mail: 'first105@corp.example.com', accountEnabled: true },
  { id: 'g6', employeeId: '105', mail: 'second105@corp.example.com', accountEnabled: true },
  {
    id: 'g7',
    employeeId: "106' or accountEnabled eq true or employeeId eq '",
    mail: 'x@corp.example.com',
    accountEnabled: true,
  },
  { id: 'g8', employeeId: '\u202E107', mail: 'rlo107@corp.example.com', accountEnabled: true },
  {
    id: 'g9',
    employeeId: null,
    mail: null,
    userPrincipalName: null,
    mobilePhone: null,
    businessPhones: null,
    accountEnabled: true,
  },
  { id: 'g10', employeeId: '110', mail: 'ok110@corp.example.com', accountEnabled: 'yes' },
] as unknown as GraphUser[];

const VEHICLES = [
  {
    id: 'v1',
    name: SCRIPT_TAG,
    serial: 'S1',
    notes: 'Spare key\nin the box',
    staticAssignedDriver: { id: 'd1' },
  },
  { id: 281474976710002, name: 'Numeric', serial: 12345, licensePlate: null },
  { id: 'v3', name: 'Nul', serial: 'S3\u0000' },
  { id: 'v4', name: 'Unread driver', serial: 'S4', staticAssignedDriver: { id: 'd-missing' } },
  { id: 'v5', name: 'x'.repeat(10_000), serial: 'S5' },
  { id: 'v6', name: 'Twin', serial: 'DUP' },
  { id: 'v7', name: 'Twin', serial: 'DUP ' },
  { id: 'v8', name: SQL_INJECTION, serial: 'S8', year: 'abc', vin: '<script>' },
  { id: 'v9', name: 'Driver of the wrong type', serial: 'S9', staticAssignedDriver: 'd2' },
] as unknown as SamsaraVehicle[];

const DRIVERS = [
  { id: 'd1', name: SCRIPT_TAG, notes: `Emp #9999 ${SCRIPT_TAG}`, driverActivationStatus: 'active' },
  { id: 'd2', name: null, notes: 12345, driverActivationStatus: 'active' },
] as unknown as SimulatedDriver[];

describe('hostile: Graph and Samsara answers through their simulators, the real readers and the planner', function () {
  this.timeout(120_000);
  let graph: GraphSimulator;
  let graphReader: GraphReader;
  let samsara: SamsaraSimulator;
  let samsaraReader: SamsaraReader;
  let safetyamp: SafetyAmpUnderTest;

  before(async () => {
    graph = await startGraphSimulator({ users: ENTRA_USERS });
    graphReader = createGraphReader({
      tenantId: 't',
      clientId: 'c',
      clientSecret: 's',
      authorityUrl: graph.url,
      baseUrl: graph.url,
      ca: graph.caPem,
      retry: { minDelayMs: 10 },
    });
    samsara = await startSamsaraSimulator({ data: { vehicles: VEHICLES, drivers: DRIVERS } });
    samsaraReader = createSamsaraReader({
      baseUrl: samsara.url,
      apiKey: 'k',
      retry: { minDelayMs: 10, retries: 1 },
    });
    safetyamp = await startSafetyAmp();
  });

  after(async () => {
    await graphReader?.close();
    await graph?.close();
    await samsara?.close();
    await safetyamp?.close();
  });

  describe('Graph', () => {
    it('lists users of the wrong shape without failing: only string employeeIds with a string mail are matchable', async () => {
      const users = await graphReader.listUsers();
      expect(users.map((u) => u.id)).to.deep.equal(['g1', 'g4', 'g5', 'g6', 'g7', 'g8']);
    });

    it('the delta round reads the same users without failing', async () => {
      const round = await graphReader.readUserChanges(null);
      expect(round.kind).to.equal('full');
      if (round.kind !== 'full') return;
      expect(round.users.map((u) => u.id).sort()).to.deep.equal(['g1', 'g4', 'g5', 'g6', 'g7', 'g8']);
    });

    it('an employee number written as an OData injection finds nobody', async () => {
      expect(
        await graphReader.findUserByEmployeeId("101' or accountEnabled eq true or employeeId eq '"),
      ).to.equal(null);
      // The odd employeeId itself is found, as the exact string it is.
      const odd = await graphReader.findUserByEmployeeId("106' or accountEnabled eq true or employeeId eq '");
      expect(odd?.id).to.equal('g7');
    });

    it("the plan takes only a valid, unambiguous Entra mail; anything else leaves Vista's", async () => {
      const entraUsers = await graphReader.listUsers();
      const employees = [101, 102, 103, 104, 105, 107].map((n) =>
        employee({ Employee: n, Email: `vista${n}@example.com` }),
      );
      const recentJobs = employees.map((e) => ({ Employee: e.Employee, Job: '12345.', PREndDate: null }));
      const plan = planRun(
        source({ employees, entraUsers, recentJobs }),
        syncedTenant({ users: [] }),
        settings(),
      );
      const email = (key: string) => plan.entities.users?.changes.find((c) => c.key === key)?.payload.email;
      expect(email('101')).to.equal('vista101@example.com');
      expect(email('102')).to.equal('vista102@example.com');
      expect(email('103')).to.equal('vista103@example.com');
      expect(email('104')).to.equal('ok104@corp.example.com');
      expect(email('105')).to.equal('vista105@example.com');
      expect(email('107')).to.equal('vista107@example.com');
      // businessPhones[0] is markup: no work phone from Entra, Vista's phone instead.
      const user104 = plan.entities.users?.changes.find((c) => c.key === '104')?.payload;
      expect(user104?.work_phone).to.equal('+12255550134');
      expect(plan.entities.users?.warnings.filter((w) => w.key === '105').map((w) => w.field)).to.deep.equal([
        'email',
      ]);
    });
  });

  describe('Samsara', () => {
    it('lists vehicles and drivers of the wrong shape as they are, without failing', async () => {
      const vehicles = await samsaraReader.listVehicles();
      expect(vehicles).to.have.length(VEHICLES.length);
      const drivers = await samsaraReader.listDrivers(['d1', 'd2', 'd-missing']);
      expect(drivers.map((d) => d.id).sort()).to.deep.equal(['d1', 'd2']);
    });

    it('plans each vehicle: the exact value, or an invalid record naming the field and the reason', async () => {
      const vehicles = await samsaraReader.listVehicles();
      const drivers = await samsaraReader.listDrivers(['d1', 'd2', 'd-missing']);
      const plan = planRun(
        source({ vehicles, drivers }),
        await safetyamp.snapshot(),
        settings({ defaultVehicleSiteId: 500 }),
      );
      const assets = plan.entities.assets!;
      const payload = (key: string) => assets.changes.find((c) => c.key === key)?.payload;
      expect(payload('S1')).to.include({
        name: SCRIPT_TAG,
        description: 'Spare key\nin the box',
        site_id: 500,
      });
      expect(payload('12345')).to.include({ serial: '12345', code: 'Unit_0002' });
      expect(payload('S8')).to.include({ name: SQL_INJECTION });
      expect(payload('S8')).not.to.have.any.keys('year', 'vin');
      expect(payload('S9')).not.to.have.property('current_user_id');
      expect(assets.invalid).to.deep.equal([
        {
          type: 'assets',
          key: 'S3\u0000',
          field: 'serial',
          reason: 'serial contains a control character (U+0000)',
        },
        { type: 'assets', key: 'S5', field: 'name', reason: 'name is longer than 255 characters' },
        { type: 'assets', key: 'DUP', field: 'serial', reason: 'serial DUP appears in 2 source rows' },
        { type: 'assets', key: 'DUP', field: 'serial', reason: 'serial DUP appears in 2 source rows' },
      ]);
      const warnings = (key: string) => assets.warnings.filter((w) => w.key === key).map((w) => w.reason);
      expect(warnings('S1')).to.deep.equal([
        "the driver's employee 9999 is not a SafetyAmp user; the asset has no current user",
      ]);
      expect(warnings('S4')).to.deep.equal(['driver d-missing was not read from Samsara']);
      expect(warnings('S8')).to.deep.equal([
        'VIN is not 17 letters or digits; left out',
        'year is not a number; left out',
      ]);

      const written = await safetyamp.writeCreates(plan, ['assets']);
      expect(written).to.equal(assets.changes.length);
      const state = safetyamp.sim.state().assets ?? [];
      expect(state.find((a) => a.serial === 'S1')?.name).to.equal(SCRIPT_TAG);
      expect(state.find((a) => a.serial === 'S1')?.description).to.equal('Spare key\nin the box');
      expect(state.find((a) => a.serial === 'S8')?.name).to.equal(SQL_INJECTION);
      expect(state.map((a) => a.serial)).not.to.include.members(['S3\u0000', 'S5', 'DUP']);
    });
  });
});
