import { expect } from 'chai';
import { planRun } from '../../../libs/domain/index.js';
import type { EntityPlan, PlannedChange, SaCluster } from '../../../libs/domain/index.js';
import { department, settings, source, syncedTenant, tenant } from './fixtures.js';

function clustersOf(plan: ReturnType<typeof planRun>): EntityPlan {
  const clusters = plan.entities.clusters;
  if (clusters === undefined) throw new Error('no cluster plan');
  return clusters;
}

function change(plan: EntityPlan, key: string): PlannedChange | undefined {
  return plan.changes.find((c) => c.key === key);
}

describe('domain plan: clusters (root → regions → departments)', () => {
  it('creates regions from udRegion and departments "<PRDept> - <Description>" under them', () => {
    const departments = [
      department({ PRDept: ' 01 ', Description: ' Electrical ', udRegion: 'Lake Charles ' }),
      department({ PRDept: '02', Description: 'Heat Trace', udRegion: 'lake charles' }),
      department({ PRDept: '03', Description: 'EPC', udRegion: 'EPC' }),
    ];
    const plan = clustersOf(planRun(source({ departments, jobs: [], employees: [] }), tenant(), settings()));
    expect(plan.changes.map((c) => [c.key, c.action])).to.deep.equal([
      ['region:lake charles', 'create'],
      ['region:epc', 'create'],
      ['dept:01', 'create'],
      ['dept:02', 'create'],
      ['dept:03', 'create'],
    ]);
    expect(change(plan, 'region:lake charles')?.payload).to.deep.equal({
      name: 'Lake Charles',
      external_code: 'Lake Charles',
      parent_cluster_id: 1,
      osha_establishment: 0,
    });
    expect(change(plan, 'dept:01')?.payload).to.deep.equal({
      name: '01 - Electrical',
      external_code: '01',
      parent_cluster_id: { $ref: 'clusters', key: 'region:lake charles' },
      osha_establishment: 0,
    });
    expect(plan.keyIndex).to.deep.equal({ root: 1 });
  });

  it('adopts the existing root by name without a pointless rename or code change', () => {
    const plan = clustersOf(
      planRun(source({ departments: [], jobs: [], employees: [] }), tenant(), settings()),
    );
    expect(plan.changes).to.deep.equal([]);
    expect(plan.unchanged).to.equal(1);
    expect(plan.keyIndex.root).to.equal(1);
  });

  it('creates the root from the settings when the tenant has none', () => {
    const plan = clustersOf(
      planRun(
        source(),
        tenant({ clusters: [] }),
        settings({ rootClusterName: 'ACME', rootClusterCode: 'AC' }),
      ),
    );
    expect(change(plan, 'root')?.payload).to.deep.equal({
      name: 'ACME',
      external_code: 'AC',
      osha_establishment: 0,
    });
    expect(change(plan, 'region:lake charles')?.payload.parent_cluster_id).to.deep.equal({
      $ref: 'clusters',
      key: 'root',
    });
  });

  it('leaves a synced tree unchanged', () => {
    const plan = clustersOf(planRun(source(), syncedTenant(), settings()));
    expect(plan.changes).to.deep.equal([]);
    expect(plan.unchanged).to.equal(3);
    expect(plan.keyIndex).to.deep.equal({ root: 1, 'region:lake charles': 10, 'dept:01': 11 });
  });

  it('renames a department in place instead of creating a second cluster', () => {
    const plan = clustersOf(
      planRun(
        source({ departments: [department({ Description: 'Electrical & Instr.' })] }),
        syncedTenant(),
        settings(),
      ),
    );
    expect(plan.changes).to.deep.equal([change(plan, 'dept:01')]);
    expect(change(plan, 'dept:01')).to.include({ action: 'update', id: 11 });
    expect(change(plan, 'dept:01')?.payload).to.deep.equal({ name: '01 - Electrical & Instr.' });
    expect(change(plan, 'dept:01')?.previous).to.deep.equal({ name: '01 - Electrical' });
  });

  it('re-parents a department with parent_cluster_id alone (the original renamed it "Site_nown")', () => {
    const clusters: SaCluster[] = [
      ...syncedTenant().clusters,
      { id: 20, name: 'EPC', external_code: 'EPC', parent_cluster_id: 1, depth: 1 },
    ];
    const plan = clustersOf(
      planRun(
        source({ departments: [department({ udRegion: 'EPC' })] }),
        syncedTenant({ clusters }),
        settings(),
      ),
    );
    const move = change(plan, 'dept:01');
    expect(move?.payload).to.deep.equal({ parent_cluster_id: 20 });
    expect(move?.previous).to.deep.equal({ parent_cluster_id: 10 });
  });

  it('adopts a department by name under its region when it has no code, and gives it the code', () => {
    const clusters: SaCluster[] = [
      { id: 1, name: 'I&I', external_code: null, parent_cluster_id: null },
      { id: 10, name: 'LAKE CHARLES', external_code: null, parent_cluster_id: 1 },
      { id: 11, name: ' 01 - electrical ', external_code: null, parent_cluster_id: 10 },
      { id: 12, name: '01 - Electrical', external_code: null, parent_cluster_id: 99 },
    ];
    const plan = clustersOf(planRun(source(), tenant({ clusters }), settings()));
    expect(plan.keyIndex).to.deep.equal({ root: 1, 'region:lake charles': 10, 'dept:01': 11 });
    expect(change(plan, 'dept:01')?.payload).to.deep.equal({ name: '01 - Electrical', external_code: '01' });
  });

  it('adopts by code before name, preferring the cluster under the desired parent', () => {
    const clusters: SaCluster[] = [
      ...syncedTenant().clusters.filter((c) => c.id !== 11),
      { id: 30, name: 'Old 01', external_code: '01', parent_cluster_id: 77, depth: 2 },
      { id: 31, name: 'Also 01', external_code: '01', parent_cluster_id: 10, depth: 2 },
    ];
    const plan = clustersOf(planRun(source(), tenant({ clusters }), settings()));
    expect(plan.keyIndex['dept:01']).to.equal(31);
  });

  it('reports a department without region or description, and duplicates of one code', () => {
    const departments = [
      department({ PRDept: '05', udRegion: null }),
      department({ PRDept: '06', Description: '  ' }),
      department({ PRDept: '07' }),
      department({ PRDept: '07', Description: 'Other' }),
      department({ PRDept: null }),
    ];
    const plan = clustersOf(
      planRun(source({ departments, jobs: [], employees: [] }), syncedTenant(), settings()),
    );
    expect(plan.invalid).to.deep.include.members([
      { type: 'clusters', key: 'dept:05', field: 'parent_cluster_id', reason: 'department has no region' },
      { type: 'clusters', key: 'dept:06', field: 'name', reason: 'department has no description' },
      {
        type: 'clusters',
        key: 'dept:07',
        field: 'external_code',
        reason: 'department 07 appears in 2 source rows',
      },
      { type: 'clusters', key: 'row 5', field: 'PRDept', reason: 'department code is missing' },
    ]);
    expect(plan.changes.filter((c) => c.key.startsWith('dept:'))).to.deep.equal([]);
  });
});
