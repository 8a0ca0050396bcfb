import { expect } from 'chai';
import { startGraphSimulator } from '../../apps/simulators/graph/server.js';
import { startSamsaraSimulator } from '../../apps/simulators/samsara/server.js';
import { startVistaSimulator } from '../../apps/simulators/vista/server.js';
import { planRun } from '../../libs/domain/index.js';
import type { GraphUser, SamsaraVehicle } from '../../libs/domain/index.js';
import { createGraphReader } from '../../libs/sources/graph/graph-reader.js';
import { createSamsaraReader } from '../../libs/sources/samsara/samsara-reader.js';
import { createVistaReader } from '../../libs/sources/vista/reader.js';
import { settings, source, syncedTenant } from '../libs/domain/fixtures.js';
import { createVistaFixtureFile, readerOptionsFor } from '../support/vista-fixture.js';

const ROWS = 100_000;
/** Past what a spread into push() takes (~125,000 arguments): the size at which a page used to fail a read. */
const OVERSIZED_PAGE = 150_000;

describe('hostile: 100,000-row pages through the real readers and the planner', function () {
  this.timeout(300_000);

  it(`Samsara answering one page of ${OVERSIZED_PAGE.toLocaleString('en-US')} vehicles whatever the limit: read whole, planned`, async () => {
    const vehicles: SamsaraVehicle[] = Array.from({ length: OVERSIZED_PAGE }, (_, i) => ({
      id: String(281_474_976_710_000 + i),
      name: `Truck ${i}`,
      serial: `G${i}`,
      vehicleRegulationMode: 'regulated',
    }));
    const simulator = await startSamsaraSimulator({ data: { vehicles, drivers: [] }, oversizedPages: true });
    try {
      const reader = createSamsaraReader({ baseUrl: simulator.url, apiKey: 'k', retry: { retries: 0 } });
      const read = await reader.listVehicles();
      expect(read).to.have.length(OVERSIZED_PAGE);
      expect(simulator.calls().filter((c) => c.path === '/fleet/vehicles')).to.have.length(1);
      const plan = planRun(source({ employees: [], vehicles: read }), syncedTenant(), settings());
      expect(plan.entities.assets?.changes).to.have.length(OVERSIZED_PAGE);
      expect(plan.entities.assets?.invalid).to.deep.equal([]);
    } finally {
      await simulator.close();
    }
  });

  it(`Vista answering ${ROWS.toLocaleString('en-US')} employees in one result: streamed whole`, async () => {
    const fixture = createVistaFixtureFile((db) => {
      db.prepare(
        "INSERT INTO bPRDP (PRCo, PRDept, Description, udRegion) VALUES (1, '01', 'Electrical', 'Lake Charles')",
      ).run();
      const insert = db.prepare(
        `INSERT INTO bPREH (PRCo, Employee, FirstName, LastName, Sex, PRDept, Email, HireDate, Phone)
         VALUES (1, ?, ?, 'Lee', 'F', '01', ?, '2020-01-06 00:00:00', '225-555-0134')`,
      );
      for (let i = 0; i < ROWS; i += 1) insert.run(100_000 + i, `Ann${i}`, `e${100_000 + i}@example.com`);
    });
    const simulator = await startVistaSimulator({ dataFile: fixture.file });
    const reader = createVistaReader(readerOptionsFor(simulator));
    try {
      const employees = await reader.readEmployees();
      expect(employees).to.have.length(ROWS);
      expect(employees[ROWS - 1]?.Employee).to.equal(100_000 + ROWS - 1);
      expect(new Set(employees.map((e) => e.Employee)).size).to.equal(ROWS);
    } finally {
      await reader.close();
      await simulator.close();
      fixture.remove();
    }
  });

  it(`Graph holding ${ROWS.toLocaleString('en-US')} users: every page read, every user kept`, async () => {
    const users: GraphUser[] = Array.from({ length: ROWS }, (_, i) => ({
      id: `u${i}`,
      employeeId: String(100_000 + i),
      mail: `p${i}@corp.example.com`,
      accountEnabled: true,
    }));
    const simulator = await startGraphSimulator({ users });
    const reader = createGraphReader({
      tenantId: 't',
      clientId: 'c',
      clientSecret: 's',
      authorityUrl: simulator.url,
      baseUrl: simulator.url,
      ca: simulator.caPem,
    });
    try {
      const read = await reader.listUsers();
      expect(read).to.have.length(ROWS);
      expect(simulator.calls().filter((c) => c.kind === 'users')).to.have.length(Math.ceil(ROWS / 999));
    } finally {
      await reader.close();
      await simulator.close();
    }
  });
});
