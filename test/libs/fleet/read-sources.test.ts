import { expect } from 'chai';
import type { SamsaraVehicle } from '../../../libs/domain/types.js';
import {
  readSources,
  readSourcesForRecord,
  sourcesOf,
  type SourceReaders,
} from '../../../libs/fleet/run/read-sources.js';
import { department, driver, employee, job, vehicle } from '../domain/fixtures.js';

/** Source readers over plain data (the ports the fleet defines), counting what was asked of them. */
function readersOver(options: { graphDown?: boolean; samsaraDown?: boolean } = {}) {
  const asked: string[] = [];
  const vehicles: SamsaraVehicle[] = [
    vehicle({ id: 'v1', serial: 'SER-1', staticAssignedDriver: { id: 'd1', name: 'x' } }),
    vehicle({ id: 'v2', serial: 'SER-2' }),
  ];
  const readers: SourceReaders = {
    vista: {
      readDepartments: async () => (asked.push('departments'), [department()]),
      readJobs: async () => (asked.push('jobs'), [job()]),
      readEmployees: async (filter) => (
        asked.push(`employees${filter ? `:${filter.employee}` : ''}`),
        [employee({ Employee: filter?.employee ?? 1001 })]
      ),
      readRecentJobs: async (_asOf, filter) => (
        asked.push(`recentJobs${filter ? `:${filter.employee}` : ''}`),
        []
      ),
    },
    graph: {
      listUsers: async () => {
        asked.push('entraUsers');
        if (options.graphDown) throw new Error('token endpoint answered 503');
        return [];
      },
      findUserByEmployeeId: async (id) => (asked.push(`entraUser:${id}`), null),
    },
    samsara: {
      listVehicles: async () => {
        asked.push('vehicles');
        if (options.samsaraDown) throw new TypeError('fetch failed');
        return vehicles;
      },
      listDrivers: async (ids) => (asked.push(`drivers:${ids.join(',')}`), [driver({ id: 'd1' })]),
    },
  };
  return { readers, asked };
}

const asOf = new Date('2026-11-01T00:00:00Z');

describe('reading the sources (the fleet’s ports, plain data)', () => {
  it('each type needs its sources: users need Graph, assets need Samsara and Vista, nothing else needs Samsara', () => {
    expect(sourcesOf('clusters')).to.deep.equal(['vista']);
    expect(sourcesOf('sites')).to.deep.equal(['vista']);
    expect(sourcesOf('titles')).to.deep.equal(['vista']);
    expect(sourcesOf('users').sort()).to.deep.equal(['graph', 'vista']);
    expect(sourcesOf('assets').sort()).to.deep.equal(['samsara', 'vista']);
  });

  it('reads only what the types need, each source once', async () => {
    const { readers, asked } = readersOver();
    await readSources(readers, ['clusters', 'sites'], asOf);
    expect(asked.sort()).to.deep.equal(['departments', 'jobs']);
  });

  it('a source that fails is reported with its reason; the others are still read', async () => {
    const { readers, asked } = readersOver({ graphDown: true, samsaraDown: true });
    const read = await readSources(readers, ['users', 'assets'], asOf);
    expect(read.unavailable.graph).to.equal('Error: token endpoint answered 503');
    expect(read.unavailable.samsara).to.equal('TypeError: fetch failed');
    expect(read.unavailable.vista).to.equal(undefined);
    expect(read.snapshot.employees).to.have.length(1);
    expect(asked).to.include('recentJobs');
  });

  it('drivers are read for the vehicles that have one', async () => {
    const { readers, asked } = readersOver();
    const read = await readSources(readers, ['assets'], asOf);
    expect(asked).to.include('drivers:d1');
    expect(read.snapshot.vehicles.map((v) => v.serial)).to.deep.equal(['SER-1', 'SER-2']);
  });

  it('re-planning one user reads that employee alone, with the small tables its references need', async () => {
    const { readers, asked } = readersOver();
    const snapshot = await readSourcesForRecord(readers, 'users', '1234', asOf);
    expect(asked.sort()).to.deep.equal([
      'departments',
      'employees:1234',
      'entraUser:1234',
      'jobs',
      'recentJobs:1234',
    ]);
    expect(snapshot.employees.map((e) => e.Employee)).to.deep.equal([1234]);
  });

  it('re-planning one asset reads its vehicle, its driver, and the driver’s employee as a user’s re-plan would', async () => {
    const { readers } = readersOver();
    const snapshot = await readSourcesForRecord(readers, 'assets', 'SER-1', asOf);
    expect(snapshot.vehicles.map((v) => v.serial)).to.deep.equal(['SER-1']);
    expect(snapshot.drivers.map((d) => d.id)).to.deep.equal(['d1']);
  });
});
