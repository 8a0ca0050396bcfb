import { expect } from 'chai';
import fc from 'fast-check';
import { planRun } from '../../../libs/domain/index.js';
import type { EntityType, RunPlan, SaAsset, SaSite, SaUser } from '../../../libs/domain/index.js';
import { applyPlan } from '../../support/apply-plan.js';
import type { RecordRendering } from '../../support/apply-plan.js';
import { generatePlanDataset } from '../../support/plan-dataset.js';
import { employee, job, settings, source, syncedTenant, vehicle, driver } from './fixtures.js';

/** SafetyAmp returning what it stored in other formats: dates with times, 1 for true, national phones, ids as text. */
const readBack: RecordRendering = (_type, record) => {
  const out: Record<string, unknown> = { ...record };
  for (const [field, value] of Object.entries(out)) {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) out[field] = `${value} 00:00:00`;
    else if (typeof value === 'string' && /^\+1\d{10}$/.test(value)) {
      out[field] = `(${value.slice(2, 5)}) ${value.slice(5, 8)}-${value.slice(8)}`;
    } else if (field === 'email' && typeof value === 'string') out[field] = value.toUpperCase();
    else if (field === 'system_access' && typeof value === 'boolean') out[field] = value ? 1 : 0;
    else if (field.endsWith('_id') && typeof value === 'number') out[field] = String(value);
  }
  return out;
};

function changesOf(plan: RunPlan, type?: EntityType): number {
  return Object.values(plan.entities)
    .filter((e) => type === undefined || e.type === type)
    .reduce((n, e) => n + e.changes.length, 0);
}

const messyText = fc.oneof(
  fc.constantFrom('Ann', ' Ann ', 'ANN', 'Ann-Marie'),
  fc.stringMatching(/^[ A-Za-z'-]{0,12}$/),
  fc.constant(null),
);
const messyEmail = fc.oneof(
  fc.constantFrom('ann.lee@example.com', ' Ann.Lee@EXAMPLE.com ', 'ann lee@example.com', 'ann@', null),
);
const messyDate = fc.oneof(
  fc.date({
    min: new Date('1950-01-01T00:00:00Z'),
    max: new Date('2030-01-01T00:00:00Z'),
    noInvalidDate: true,
  }),
  fc.constantFrom('1980-05-02', '1980-05-02 00:00:00', '1980-05-02T00:00:00.000Z', '05/02/1980', null),
);
const messyPhone = fc.constantFrom(
  '225-555-0134',
  '(337) 555-0199',
  '2255550134',
  '+1 504 555 0100',
  '555',
  null,
);
const anyFlag = fc.constantFrom(true, false, 1, 0, '1', '0', 'true', null);

describe('domain plan properties: a plan applied is a plan done', () => {
  it('re-planning a generated company after applying its plan (read back in other formats) changes nothing', () => {
    const { source: src, tenant } = generatePlanDataset(
      { employees: 600, jobs: 80, departments: 12, vehicles: 60 },
      7,
    );
    const first = planRun(src, tenant, settings());
    expect(first.blocked).to.deep.equal([]);
    expect(changesOf(first)).to.be.greaterThan(600);
    const applied = applyPlan(first, tenant, readBack);
    const second = planRun(src, applied, settings());
    expect(changesOf(second)).to.equal(0);
    expect(second.blocked).to.deep.equal([]);
    for (const type of ['clusters', 'sites', 'titles', 'users', 'assets'] as const) {
      expect(second.entities[type]?.invalid, type).to.deep.equal(first.entities[type]?.invalid);
    }
    expect(second.entities.users?.unchanged).to.equal(first.entities.users?.changes.length);
  });

  it('a user: planned against any current record, applied, re-planned → unchanged', () => {
    const existing = fc.option(
      fc.record({
        first_name: messyText,
        last_name: messyText,
        email: messyEmail,
        gender: fc.constantFrom(0, 1, '0', '1', null),
        date_of_birth: fc.constantFrom('1980-05-02', '1979-01-01 00:00:00', null),
        mobile_phone: messyPhone,
        work_phone: messyPhone,
        home_site_id: fc.constantFrom(500, '500', 400, null),
        current_title_id: fc.constantFrom(40, '40', 41, null),
        roles: fc.subarray([{ id: 1 }, { id: 2 }, { id: 3 }]),
        system_access: anyFlag,
        zip_code: fc.constantFrom('70663', '70663-', '70601', null),
      }),
      { nil: undefined },
    );
    const row = fc.record({
      FirstName: messyText,
      LastName: messyText,
      Email: messyEmail,
      Sex: fc.constantFrom('M', 'F', 'female', 'x', '2', null),
      BirthDate: messyDate,
      HireDate: messyDate,
      Phone: messyPhone,
      Zip: fc.constantFrom('70663', '70663-', '2108-1234', 'LA', null),
      udEmpTitle: fc.constantFrom('Electrician', ' electrician ', 'Foreman', null),
      State: fc.constantFrom('LA', 'LA ', null),
    });
    fc.assert(
      fc.property(row, existing, fc.boolean(), (fields, current, render) => {
        const tenant = syncedTenant({
          users: current === undefined ? [] : [{ id: 'u101', emp_id: '101', ...current } as SaUser],
        });
        const src = source({ employees: [employee(fields)] });
        const first = planRun(src, tenant, settings());
        const applied = applyPlan(first, tenant, render ? readBack : undefined);
        const second = planRun(src, applied, settings());
        expect(changesOf(second)).to.equal(0);
      }),
      { numRuns: 200 },
    );
  });

  it('a site: planned against any current record, applied, re-planned → unchanged', () => {
    const currentSite = fc.record({
      name: fc.constantFrom('12345. - Plant A', 'old name', ' 12345. - Plant A '),
      cluster_id: fc.constantFrom(10, 11, '11'),
      street: fc.constantFrom('100 Refinery Rd', 'Unknown', null),
      city: fc.constantFrom('Sulphur', null),
      state: fc.constantFrom('LA', 'TX', null),
      zip_code: fc.constantFrom('70663', '70663-', '00000', null),
    });
    const row = fc.record({
      Description: fc.constantFrom('Plant A', ' Plant A ', null),
      ShipAddress: fc.constantFrom('100 Refinery Rd', null, ' '),
      ShipState: fc.constantFrom('LA', 'LA ', null),
      ShipZip: fc.constantFrom('70663', '70663-', 'N/A', null),
    });
    fc.assert(
      fc.property(row, fc.option(currentSite, { nil: undefined }), (fields, current) => {
        const sites: SaSite[] =
          current === undefined ? [] : [{ id: 500, external_code: '12345.', ...current } as SaSite];
        const tenant = syncedTenant({ sites });
        const src = source({ jobs: [job(fields)], employees: [] });
        const applied = applyPlan(
          planRun(src, tenant, settings({ deactivationPolicy: 'ignore' })),
          tenant,
          readBack,
        );
        expect(
          changesOf(planRun(src, applied, settings({ deactivationPolicy: 'ignore' })), 'sites'),
        ).to.equal(0);
      }),
      { numRuns: 100 },
    );
  });

  it('an asset: planned against any current record, applied, re-planned → unchanged', () => {
    const currentAsset = fc.record({
      name: fc.constantFrom('Truck 7', 'Old'),
      code: fc.constantFrom('LA-1234', 'Unit_0001', null),
      current_user_id: fc.constantFrom('u101', 'u9', null, ''),
      site_id: fc.constantFrom(500, '500', 5145, null),
      asset_type_id: fc.constantFrom(3183, '3183', 1),
      year: fc.constantFrom(2021, '2021', null),
      status: fc.constantFrom(0, 1, '1', null),
    });
    const row = fc.record({
      licensePlate: fc.constantFrom('LA-1234', null),
      year: fc.constantFrom('2021', 2021, 'old', null),
      vin: fc.constantFrom('1FTFW1E50MFA00001', 'short', null),
      vehicleRegulationMode: fc.constantFrom('regulated', 'unregulated', null),
      staticAssignedDriver: fc.constantFrom({ id: 'd1' }, { id: 'missing' }, null),
    });
    fc.assert(
      fc.property(row, fc.option(currentAsset, { nil: undefined }), (fields, current) => {
        const assets: SaAsset[] =
          current === undefined ? [] : [{ id: 900, serial: 'GAAA-111-BBB', ...current } as SaAsset];
        const tenant = syncedTenant({ assets });
        const src = source({ vehicles: [vehicle(fields)], drivers: [driver()] });
        const applied = applyPlan(planRun(src, tenant, settings()), tenant, readBack);
        expect(changesOf(planRun(src, applied, settings()), 'assets')).to.equal(0);
      }),
      { numRuns: 100 },
    );
  });
});
