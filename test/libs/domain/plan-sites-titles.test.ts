import { expect } from 'chai';
import { planRun } from '../../../libs/domain/index.js';
import type { EntityPlan, RunPlan } from '../../../libs/domain/index.js';
import { employee, job, settings, source, syncedTenant, tenant } from './fixtures.js';

function entity(plan: RunPlan, type: 'sites' | 'titles'): EntityPlan {
  const found = plan.entities[type];
  if (found === undefined) throw new Error(`no ${type} plan`);
  return found;
}

describe('domain plan: sites (one per open job)', () => {
  it('creates a site per job with the job number as external code and the department cluster', () => {
    const sites = entity(planRun(source(), syncedTenant({ sites: [] }), settings()), 'sites');
    expect(sites.changes).to.have.length(1);
    expect(sites.changes[0]).to.include({ key: '12345.', action: 'create' });
    expect(sites.changes[0]?.payload).to.deep.equal({
      name: '12345. - Plant A',
      external_code: '12345.',
      cluster_id: 11,
      street: '100 Refinery Rd',
      city: 'Sulphur',
      state: 'LA',
      zip_code: '70663',
      country: 'US',
      timezone: 'America/Chicago',
    });
  });

  it('fills placeholders and the configured defaults on create only, and never writes "- None"', () => {
    const row = job({
      Job: ' 777. ',
      Description: null,
      ShipAddress: ' ',
      ShipCity: null,
      ShipState: null,
      ShipZip: null,
    });
    const custom = settings({
      defaultSiteState: 'TX',
      defaultZip: '99999',
      timezone: 'America/Denver',
      country: 'US',
    });
    const created = entity(planRun(source({ jobs: [row] }), syncedTenant({ sites: [] }), custom), 'sites')
      .changes[0];
    expect(created?.key).to.equal('777.');
    expect(created?.payload).to.deep.include({
      name: '777.',
      street: 'Unknown',
      city: 'Unknown',
      state: 'TX',
      zip_code: '99999',
      timezone: 'America/Denver',
    });
    const existing = {
      id: 600,
      name: '777.',
      external_code: '777.',
      cluster_id: 11,
      street: '5 Dock St',
      city: 'Vinton',
      state: 'LA',
      zip_code: '70668',
    };
    const again = entity(
      planRun(source({ jobs: [row] }), syncedTenant({ sites: [existing] }), custom),
      'sites',
    );
    expect(again.changes).to.deep.equal([]);
    expect(again.unchanged).to.equal(1);
  });

  it('matches by job number, so a changed description renames the site instead of duplicating it', () => {
    const sites = entity(
      planRun(source({ jobs: [job({ Description: 'Plant A - Phase 2' })] }), syncedTenant(), settings()),
      'sites',
    );
    expect(sites.changes).to.have.length(1);
    expect(sites.changes[0]).to.include({ action: 'update', id: 500 });
    expect(sites.changes[0]?.payload).to.deep.equal({ name: '12345. - Plant A - Phase 2' });
    expect(sites.keyIndex).to.deep.equal({ '12345.': 500 });
  });

  it('leaves a synced site unchanged, and patches cluster and zip alone when they change', () => {
    expect(entity(planRun(source(), syncedTenant(), settings()), 'sites').unchanged).to.equal(1);
    const moved = syncedTenant();
    moved.sites[0] = { ...moved.sites[0]!, cluster_id: 10, zip_code: '70601' };
    const sites = entity(planRun(source(), moved, settings()), 'sites');
    expect(sites.changes[0]?.payload).to.deep.equal({ cluster_id: 11, zip_code: '70663' });
    expect(sites.changes[0]?.previous).to.deep.equal({ cluster_id: 10, zip_code: '70601' });
  });

  it('checks zips: a malformed ship zip becomes the default with a warning', () => {
    const sites = entity(
      planRun(source({ jobs: [job({ ShipZip: 'N/A' })] }), syncedTenant({ sites: [] }), settings()),
      'sites',
    );
    expect(sites.changes[0]?.payload.zip_code).to.equal('00000');
    expect(sites.warnings).to.deep.equal([
      {
        type: 'sites',
        key: '12345.',
        field: 'zip_code',
        reason: 'ship zip is not a valid zip code; the default was used',
      },
    ]);
  });

  it('points at a department cluster created in the same run', () => {
    const sites = entity(planRun(source(), tenant(), settings()), 'sites');
    expect(sites.changes[0]?.payload.cluster_id).to.deep.equal({ $ref: 'clusters', key: 'dept:01' });
  });

  it('reports an unknown department, a missing job number and two jobs with one number', () => {
    const jobs = [
      job({ Job: '1.', Department: '99' }),
      job({ Job: null }),
      job({ Job: '2.' }),
      job({ Job: ' 2.', Description: 'Other' }),
      job({ Job: '3.', Department: null }),
    ];
    const sites = entity(
      planRun(source({ jobs, employees: [] }), syncedTenant({ sites: [] }), settings()),
      'sites',
    );
    expect(sites.changes).to.deep.equal([]);
    expect(sites.invalid).to.deep.equal([
      { type: 'sites', key: 'row 2', field: 'external_code', reason: 'job number is missing' },
      {
        type: 'sites',
        key: '1.',
        field: 'cluster_id',
        reason: 'department 99 is not a SafetyAmp cluster and is not created by this run',
      },
      { type: 'sites', key: '2.', field: 'external_code', reason: 'job number 2. appears in 2 source rows' },
      { type: 'sites', key: '2.', field: 'external_code', reason: 'job number 2. appears in 2 source rows' },
      { type: 'sites', key: '3.', field: 'cluster_id', reason: 'job has no department' },
    ]);
  });
});

describe('domain plan: titles', () => {
  it('creates one title per distinct trimmed title, case-insensitively, in its most frequent spelling', () => {
    const employees = [
      employee({ Employee: 1, udEmpTitle: 'Electrician ' }),
      employee({ Employee: 2, udEmpTitle: 'ELECTRICIAN' }),
      employee({ Employee: 3, udEmpTitle: ' Electrician' }),
      employee({ Employee: 4, udEmpTitle: 'Foreman' }),
      employee({ Employee: 5, udEmpTitle: null }),
      employee({ Employee: 6, udEmpTitle: '  ' }),
    ];
    const titles = entity(planRun(source({ employees }), tenant(), settings()), 'titles');
    expect(titles.changes.map((c) => [c.key, c.action, c.payload])).to.deep.equal([
      ['electrician', 'create', { name: 'Electrician' }],
      ['foreman', 'create', { name: 'Foreman' }],
    ]);
  });

  it('adopts existing titles by name case-insensitively and never updates them', () => {
    const titles = entity(
      planRun(
        source({ employees: [employee({ udEmpTitle: 'electrician ' })] }),
        syncedTenant({ titles: [{ id: 40, name: ' ELECTRICIAN' }] }),
        settings(),
      ),
      'titles',
    );
    expect(titles.changes).to.deep.equal([]);
    expect(titles.unchanged).to.equal(1);
    expect(titles.keyIndex).to.deep.equal({ electrician: 40 });
  });
});
