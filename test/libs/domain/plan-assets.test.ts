import { expect } from 'chai';
import { driverEmployeeKey, planRun } from '../../../libs/domain/index.js';
import type {
  EntityPlan,
  RunPlan,
  SaAsset,
  SafetyAmpSnapshot,
  SourceSnapshot,
} from '../../../libs/domain/index.js';
import { driver, settings, source, syncedTenant, syncedUser, tenant, vehicle } from './fixtures.js';

function assets(plan: RunPlan): EntityPlan {
  const found = plan.entities.assets;
  if (found === undefined) throw new Error('no asset plan');
  return found;
}

function planAssets(src: Partial<SourceSnapshot>, current: SafetyAmpSnapshot = syncedTenant()): EntityPlan {
  return assets(planRun(source({ vehicles: [vehicle()], drivers: [driver()], ...src }), current, settings()));
}

function syncedAsset(overrides: Partial<SaAsset> = {}): SaAsset {
  return {
    id: 900,
    name: 'Truck 7',
    code: 'LA-1234',
    serial: 'GAAA-111-BBB',
    model: 'F-150',
    description: 'Crew truck',
    status: 1,
    asset_type_id: 3183,
    site_id: 500,
    current_user_id: 'u101',
    vin: '1FTFW1E50MFA00001',
    year: 2021,
    ...overrides,
  };
}

describe('domain plan: assets (Samsara vehicles, domain.md §4.5)', () => {
  it("maps a vehicle, with its driver as current user and the driver's home site", () => {
    const plan = planAssets({});
    expect(plan.changes[0]).to.include({ key: 'GAAA-111-BBB', action: 'create' });
    expect(plan.changes[0]?.payload).to.deep.equal({
      serial: 'GAAA-111-BBB',
      name: 'Truck 7',
      code: 'LA-1234',
      model: 'F-150',
      description: 'Crew truck',
      status: 1,
      asset_type_id: 3183,
      vin: '1FTFW1E50MFA00001',
      year: 2021,
      current_user_id: 'u101',
      site_id: 500,
    });
  });

  it('falls back to "Unit_<last 4 of id>", status 0 for unregulated, and the configured type and site', () => {
    const custom = settings({ vehicleAssetTypeId: 77, defaultVehicleSiteId: 88 });
    const src = source({
      vehicles: [
        vehicle({ licensePlate: null, vehicleRegulationMode: 'unregulated', staticAssignedDriver: null }),
      ],
    });
    const payload = assets(planRun(src, syncedTenant(), custom)).changes[0]?.payload;
    expect(payload).to.deep.include({ code: 'Unit_0001', status: 0, asset_type_id: 77, site_id: 88 });
    expect(payload).to.not.have.property('current_user_id');
  });

  it('reads the employee number from the driver notes', () => {
    expect(driverEmployeeKey({ notes: 'Emp #00101, hired 2019' })).to.equal('101');
    expect(driverEmployeeKey({ notes: 'cell 555' })).to.equal(null);
    expect(driverEmployeeKey({ notes: null })).to.equal(null);
  });

  it("points at a user created in this run, with that user's home site", () => {
    const plan = assets(
      planRun(
        source({ vehicles: [vehicle()], drivers: [driver()] }),
        syncedTenant({ users: [] }),
        settings(),
      ),
    );
    expect(plan.changes[0]?.payload).to.deep.include({
      current_user_id: { $ref: 'users', key: '101' },
      site_id: 500,
    });
  });

  it('has no current user, and the default site, when the driver is no user; it says why', () => {
    const plan = planAssets({ drivers: [driver({ notes: 'Employee 9999' })] });
    expect(plan.changes[0]?.payload).to.deep.include({ site_id: 5145 });
    expect(plan.changes[0]?.payload).to.not.have.property('current_user_id');
    expect(plan.warnings).to.deep.equal([
      {
        type: 'assets',
        key: 'GAAA-111-BBB',
        field: 'current_user_id',
        reason: "the driver's employee 9999 is not a SafetyAmp user; the asset has no current user",
      },
    ]);
    const unread = planAssets({ drivers: [] });
    expect(unread.warnings[0]?.reason).to.equal('driver d1 was not read from Samsara');
  });

  it('is unchanged when in step, whether current_user_id is null, missing or "" (the original PUT every run)', () => {
    expect(planAssets({}, syncedTenant({ assets: [syncedAsset()] })).unchanged).to.equal(1);
    const noDriver = { vehicles: [vehicle({ staticAssignedDriver: null })] };
    for (const nothing of [null, undefined, '']) {
      const current = syncedTenant({
        assets: [syncedAsset({ site_id: 5145, current_user_id: nothing as null })],
      });
      const plan = planAssets(noDriver, current);
      expect(plan.changes, String(nothing)).to.deep.equal([]);
    }
  });

  it('patches only what changed, and clears the driver when the vehicle has none', () => {
    const plan = planAssets(
      { vehicles: [vehicle({ name: 'Truck 7B', staticAssignedDriver: null })] },
      syncedTenant({ assets: [syncedAsset({ asset_type_id: '3183' as unknown as number, year: '2021' })] }),
    );
    expect(plan.changes[0]).to.include({ action: 'update', id: 900 });
    expect(plan.changes[0]?.payload).to.deep.equal({
      name: 'Truck 7B',
      current_user_id: null,
      site_id: 5145,
    });
  });

  it('drops a malformed VIN or year with a warning', () => {
    const plan = planAssets({ vehicles: [vehicle({ vin: 'ABC', year: 'old' })] });
    expect(plan.changes[0]?.payload).to.not.have.any.keys('vin', 'year');
    expect(plan.warnings.map((w) => w.field)).to.deep.equal(['vin', 'year']);
  });

  it('reports a vehicle without serial or name, and two vehicles with one serial', () => {
    const plan = planAssets({
      vehicles: [
        vehicle({ id: 'v1', serial: null }),
        vehicle({ id: 'v2', serial: 'S2', name: ' ' }),
        vehicle({ id: 'v3', serial: 'S3' }),
        vehicle({ id: 'v4', serial: 'S3 ' }),
      ],
    });
    expect(plan.changes).to.deep.equal([]);
    expect(plan.invalid).to.deep.equal([
      { type: 'assets', key: 'samsara:v1', field: 'serial', reason: 'vehicle has no serial' },
      { type: 'assets', key: 'S2', field: 'name', reason: 'name is required' },
      { type: 'assets', key: 'S3', field: 'serial', reason: 'serial S3 appears in 2 source rows' },
      { type: 'assets', key: 'S3', field: 'serial', reason: 'serial S3 appears in 2 source rows' },
    ]);
  });

  it("uses an existing user's SafetyAmp home site when the employee is no longer in Vista", () => {
    const current = syncedTenant({
      users: [syncedUser({ id: 'u7', emp_id: '7', email: 'x@example.com', home_site_id: 321 })],
    });
    const plan = assets(
      planRun(
        source({ vehicles: [vehicle()], drivers: [driver({ notes: '0007' })], employees: [] }),
        current,
        settings({ deactivationPolicy: 'ignore' }),
      ),
    );
    expect(plan.changes[0]?.payload).to.deep.include({ current_user_id: 'u7', site_id: 321 });
  });

  it('adopts assets by trimmed serial', () => {
    const plan = planAssets({}, tenant({ assets: [syncedAsset({ id: 901, serial: ' GAAA-111-BBB ' })] }));
    expect(plan.keyIndex).to.deep.equal({ 'GAAA-111-BBB': 901 });
  });
});
