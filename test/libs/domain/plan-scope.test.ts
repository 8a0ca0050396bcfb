import { expect } from 'chai';
import { changeJobId, desiredFingerprint, entityKeyOf, planRun } from '../../../libs/domain/index.js';
import { employee, settings, source, syncedTenant, tenant } from './fixtures.js';

describe('domain plan: scope, keys and job ids', () => {
  it('returns only the types asked for', () => {
    const plan = planRun(source(), tenant(), settings(), { types: ['sites', 'users'] });
    expect(Object.keys(plan.entities)).to.deep.equal(['sites', 'users']);
  });

  it('references only creates inside the scope: a user cannot point at a site this plan does not create', () => {
    const current = syncedTenant({ sites: [], users: [] });
    const full = planRun(source(), current, settings());
    expect(full.entities.users?.changes[0]?.payload.home_site_id).to.deep.equal({
      $ref: 'sites',
      key: '12345.',
    });
    const usersOnly = planRun(source(), current, settings(), { types: ['users'] });
    expect(usersOnly.entities.users?.changes).to.deep.equal([]);
    expect(usersOnly.entities.users?.invalid[0]).to.include({ key: '101', field: 'home_site_id' });
  });

  it('re-planning one key (a retried job) may reference what the full run creates: the worker waits for it', () => {
    const current = syncedTenant({ sites: [], users: [] });
    const retry = planRun(source(), current, settings(), { types: ['users'], keys: { users: ['101'] } });
    expect(retry.entities.users?.changes[0]?.payload.home_site_id).to.deep.equal({
      $ref: 'sites',
      key: '12345.',
    });
  });

  it('re-plans one record by key, with its keyIndex entry only', () => {
    const src = source({
      employees: [employee(), employee({ Employee: 102, Email: 'b@example.com', LastName: 'Bo' })],
      recentJobs: [
        { Employee: 101, Job: '12345.', PREndDate: null },
        { Employee: 102, Job: '12345.', PREndDate: null },
      ],
    });
    const current = syncedTenant();
    const plan = planRun(src, current, settings(), { keys: { users: ['102'] } });
    expect(Object.keys(plan.entities)).to.deep.equal(['users']);
    expect(plan.entities.users?.changes.map((c) => c.key)).to.deep.equal(['102']);
    expect(plan.entities.users?.unchanged).to.equal(0);
    expect(plan.entities.users?.keyIndex).to.deep.equal({});
  });

  it('derives fleet keys from existing records alone', () => {
    expect(entityKeyOf('users', { id: 'x', emp_id: ' 00101 ' })).to.equal('101');
    expect(entityKeyOf('users', { id: 'x', emp_id: 'C-17' })).to.equal(null);
    expect(entityKeyOf('users', { id: 'x', emp_id: null })).to.equal(null);
    expect(entityKeyOf('sites', { id: 1, name: 'x', external_code: ' 12345. ', cluster_id: 1 })).to.equal(
      '12345.',
    );
    expect(entityKeyOf('sites', { id: 1, name: 'x', external_code: null, cluster_id: 1 })).to.equal(null);
    expect(entityKeyOf('titles', { id: 1, name: ' Lead Electrician ' })).to.equal('lead electrician');
    expect(entityKeyOf('assets', { id: 1, name: 'x', serial: ' S1 ' })).to.equal('S1');
    expect(
      entityKeyOf('clusters', { id: 1, name: 'I&I', external_code: null, parent_cluster_id: null }),
    ).to.equal('root');
    expect(
      entityKeyOf('clusters', { id: 2, name: 'Other', external_code: null, parent_cluster_id: null }),
    ).to.equal(null);
    expect(
      entityKeyOf('clusters', {
        id: 3,
        name: 'LC',
        external_code: 'Lake Charles',
        parent_cluster_id: 1,
        depth: 1,
      }),
    ).to.equal('region:lake charles');
    expect(
      entityKeyOf('clusters', { id: 4, name: '01 - E', external_code: '01', parent_cluster_id: 3, depth: 2 }),
    ).to.equal('dept:01');
    expect(
      entityKeyOf('clusters', { id: 4, name: '01 - E', external_code: '01', parent_cluster_id: 3 }),
    ).to.equal(null);
  });

  it('gives deterministic job ids without ":"', () => {
    const change = {
      type: 'clusters' as const,
      key: 'region:lake charles',
      fingerprint: 'abcdef0123456789ffff',
    };
    expect(changeJobId(change)).to.equal('clusters.region%3Alake%20charles.abcdef0123456789');
    const first = planRun(source(), tenant(), settings());
    const second = planRun(source(), tenant(), settings());
    const ids = (plan: typeof first) =>
      Object.values(plan.entities).flatMap((e) => e.changes.map(changeJobId));
    expect(ids(first)).to.deep.equal(ids(second));
    for (const id of ids(first)) expect(id).to.not.include(':');
  });

  it('changes the job id when the source is fixed, so a failed job never blocks the fixed record', () => {
    const before = planRun(
      source({ employees: [employee({ Phone: '225-555-0134' })] }),
      syncedTenant({ users: [] }),
      settings(),
    );
    const after = planRun(
      source({ employees: [employee({ Phone: '225-555-0135' })] }),
      syncedTenant({ users: [] }),
      settings(),
    );
    const id = (plan: typeof before) => changeJobId(plan.entities.users!.changes[0]!);
    expect(id(before)).to.not.equal(id(after));
    expect(desiredFingerprint({ type: 'users', key: '1', payload: { a: 1, b: 2 } })).to.equal(
      desiredFingerprint({ type: 'users', key: '1', payload: { b: 2, a: 1 } }),
    );
  });
});
