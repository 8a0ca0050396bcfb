import { expect } from 'chai';
import { generateCompany } from '../../apps/simulators/dataset/index.js';
import type { CompanyDataset, GenerateCompanyOptions, Row } from '../../apps/simulators/dataset/index.js';

const OPTIONS: GenerateCompanyOptions = {
  seed: 11,
  employees: 3000,
  jobs: 300,
  departments: 24,
  vehicles: 200,
  asOf: new Date('2026-06-15T00:00:00Z'),
};
const DAY = 86_400_000;
const ms = (text: unknown) => Date.parse(`${String(text).replace(' ', 'T')}Z`);

describe('company dataset generator', () => {
  const company: CompanyDataset = generateCompany(OPTIONS);
  const { bPREH, bPRDP, bJCJM, bJCCM, bPRJC } = company.vista;
  const active = bPREH.filter((r) => r.HireDate !== null && r.TermDate === null);
  const byEmployee = new Map(bPREH.map((r) => [r.Employee as number, r]));
  const entraByEmployeeId = new Map(company.graph.users.map((u) => [u.employeeId, u]));

  it('gives the same company for the same seed, and another for another seed', () => {
    expect(generateCompany(OPTIONS)).to.deep.equal(company);
    const other = generateCompany({ ...OPTIONS, seed: 12 });
    expect(other.vista.bPREH.map((r) => r.FirstName)).to.not.deep.equal(bPREH.map((r) => r.FirstName));
  });

  it('has the sizes asked for', () => {
    expect(active).to.have.length(3000);
    expect(bPREH).to.have.length(3000 + 150);
    expect(bPRDP).to.have.length(24);
    expect(bJCJM.filter((j) => j.JobStatus === 1)).to.have.length(300);
    expect(bJCJM.filter((j) => j.JobStatus !== 1).length).to.be.greaterThan(0);
    expect(company.samsara.vehicles).to.have.length(200);
    expect(new Set(bPREH.map((r) => r.Employee)).size).to.equal(bPREH.length);
    expect(new Set(bJCJM.map((r) => r.Job)).size).to.equal(bJCJM.length);
  });

  it('uses the column names of vista-schema.sql', () => {
    const columns = (rows: Row[]) => Object.keys(rows[0] ?? {}).sort();
    expect(columns(bPREH)).to.deep.equal(
      [
        'PRCo',
        'Employee',
        'FirstName',
        'MidName',
        'LastName',
        'SortName',
        'Sex',
        'PRDept',
        'Email',
        'udEmpTitle',
        'BirthDate',
        'HireDate',
        'TermDate',
        'Phone',
        'Address',
        'City',
        'State',
        'Zip',
      ].sort(),
    );
    expect(columns(bPRDP)).to.deep.equal(['Description', 'PRCo', 'PRDept', 'udRegion']);
    expect(columns(bJCJM)).to.deep.equal([
      'Contract',
      'Description',
      'JCCo',
      'Job',
      'JobStatus',
      'ShipAddress',
      'ShipCity',
      'ShipState',
      'ShipZip',
    ]);
    expect(columns(bJCCM)).to.deep.equal(['Contract', 'Department', 'JCCo']);
    expect(columns(bPRJC)).to.deep.equal(['Class', 'Employee', 'Job', 'PRCo', 'PREndDate']);
  });

  it('looks like the observed Vista data', () => {
    expect(
      bJCJM.every((j) => /^\d{5}\.$/.test(String(j.Job)) && /^\d{5}\.$/.test(String(j.Contract))),
    ).to.equal(true);
    expect(bPRDP.every((d) => /^\d{2}$/.test(String(d.PRDept)))).to.equal(true);
    const codes = new Set(bPRDP.map((d) => d.PRDept));
    expect(bJCCM.filter((c) => codes.has(c.Department)).length / bJCCM.length).to.be.greaterThan(0.9);
    expect(bPRDP.map((d) => d.udRegion)).to.include.members([
      'Lake Charles',
      'EPC',
      'Heat Trace',
      'Baton Rouge',
    ]);
    const phones = bPREH.map((r) => String(r.Phone));
    expect(phones.some((p) => /^\d{3}-\d{3}-\d{4}$/.test(p))).to.equal(true);
    expect(phones.some((p) => /^\(\d{3}\) \d{3}-\d{4}$/.test(p))).to.equal(true);
    expect(phones.some((p) => /^\d{3}\.\d{3}\.\d{4}$/.test(p))).to.equal(true);
    expect(bPREH.some((r) => /\s|[A-Z]/.test(String(r.Email ?? '')))).to.equal(true);
    expect(bPREH.some((r) => r.udEmpTitle === null)).to.equal(true);
    expect(bPREH.some((r) => / $/.test(String(r.State)))).to.equal(true);
    expect(bPREH.some((r) => /^\d{5}-\d{4}$/.test(String(r.Zip)))).to.equal(true);
    expect(bPREH.some((r) => /^\d{5}-$/.test(String(r.Zip)))).to.equal(true);
    expect(new Set(bPREH.map((r) => r.Sex))).to.deep.equal(new Set(['M', 'F']));
    expect(bPREH.every((r) => ms(r.BirthDate) < ms(r.HireDate))).to.equal(true);
  });

  it('contains terminated employees and each kind of invalid record it promises', () => {
    const { cases } = company;
    expect(cases.terminated).to.have.length(150);
    expect(cases.terminated.every((e) => byEmployee.get(e)?.TermDate !== null)).to.equal(true);

    expect(cases.missingLastName.length).to.be.greaterThan(0);
    expect(cases.missingLastName.every((e) => !byEmployee.get(e)?.LastName)).to.equal(true);

    expect(cases.noEmail.length).to.be.greaterThan(0);
    for (const e of cases.noEmail) {
      expect(byEmployee.get(e)?.Email).to.equal(null);
      expect(entraByEmployeeId.has(String(e))).to.equal(false);
    }

    const entraMails = new Set(company.graph.users.filter((u) => u.accountEnabled).map((u) => u.mail));
    expect(cases.duplicateEmail.length).to.be.greaterThan(0);
    for (const e of cases.duplicateEmail) {
      expect(entraMails.has(byEmployee.get(e)?.Email as string)).to.equal(true);
      expect(entraByEmployeeId.has(String(e))).to.equal(false);
    }

    const codes = new Set(bPRDP.map((d) => d.PRDept));
    expect(cases.unknownDepartment.length).to.be.greaterThan(0);
    for (const e of cases.unknownDepartment) {
      expect(codes.has(byEmployee.get(e)?.PRDept as string)).to.equal(false);
      expect(cases.recentJob[e]).to.equal(undefined);
    }
    expect(cases.jobsWithUnknownDepartment.length).to.be.greaterThan(0);
  });

  it('gives most active employees a recent open job, as the latest-job rule reads bPRJC', () => {
    const open = new Set(bJCJM.filter((j) => j.JobStatus === 1).map((j) => j.Job));
    const cutoff = OPTIONS.asOf.getTime() - 180 * DAY;
    const latest = new Map<number, { at: number; job: string }>();
    for (const row of bPRJC) {
      const at = ms(row.PREndDate);
      if (row.PRCo !== 1 || !open.has(row.Job) || at <= cutoff) continue;
      const seen = latest.get(row.Employee as number);
      if (!seen || at > seen.at) latest.set(row.Employee as number, { at, job: row.Job as string });
    }
    const expected = Object.fromEntries([...latest].map(([e, { job }]) => [e, job]));

    expect(company.cases.recentJob).to.deep.equal(expected);
    expect(latest.size / active.length).to.be.within(0.7, 0.95);
    expect(bPRJC.every((r) => new Date(ms(r.PREndDate)).getUTCDay() === 0)).to.equal(true);
    expect(bPRJC.some((r) => ms(r.PREndDate) < cutoff)).to.equal(true);
    const otherCompany = bPRJC.filter((r) => r.PRCo !== 1);
    expect(otherCompany.length).to.be.greaterThan(0);
    expect(otherCompany.map((r) => r.Employee as number).sort((x, y) => x - y)).to.deep.equal(
      company.cases.otherCompanyRows,
    );
  });

  it('gives most employees an Entra user keyed by employee number, with disabled and onmicrosoft ones', () => {
    const users = company.graph.users;
    const withAccount = active.filter((r) => entraByEmployeeId.has(String(r.Employee)));
    expect(withAccount.length / active.length).to.be.greaterThan(0.85);
    expect(users.filter((u) => u.mail).every((u) => u.mail === u.mail?.toLowerCase())).to.equal(true);
    expect(company.cases.disabledEntraUsers.length).to.be.greaterThan(0);
    expect(company.cases.onMicrosoftEntraUsers.length).to.be.greaterThan(0);
    const byId = new Map(users.map((u) => [u.id, u]));
    expect(company.cases.disabledEntraUsers.every((id) => byId.get(id)?.accountEnabled === false)).to.equal(
      true,
    );
    expect(
      company.cases.onMicrosoftEntraUsers.every((id) => /onmicrosoft\.com$/.test(byId.get(id)?.mail ?? '')),
    ).to.equal(true);
    expect(users.some((u) => u.employeeId === null)).to.equal(true);
    expect(new Set(users.map((u) => u.id)).size).to.equal(users.length);
  });

  it('gives Samsara vehicles drivers whose notes hold an employee number, and the serial defects', () => {
    const { vehicles, drivers } = company.samsara;
    const assigned = vehicles.filter((v) => v.staticAssignedDriver);
    expect(assigned.length / vehicles.length).to.be.within(0.6, 0.8);
    const driverIds = new Set(drivers.map((d) => d.id));
    expect(assigned.every((v) => driverIds.has(v.staticAssignedDriver?.id as string))).to.equal(true);
    const numbered = drivers.filter((d) => /\d{4,}/.test(d.notes ?? ''));
    expect(numbered.length / drivers.length).to.be.greaterThan(0.8);
    expect(numbered.every((d) => byEmployee.has(Number(/\d{4,}/.exec(d.notes ?? '')?.[0])))).to.equal(true);

    expect(company.cases.vehiclesWithoutSerial.length).to.be.greaterThan(0);
    expect(vehicles.filter((v) => !v.serial).map((v) => v.id)).to.deep.equal(
      company.cases.vehiclesWithoutSerial.sort(),
    );
    const [a, b] = company.cases.vehiclesSharingSerial;
    const serialOf = (id: string | undefined) => vehicles.find((v) => v.id === id)?.serial;
    expect(serialOf(a)).to.be.a('string').and.equal(serialOf(b));
    expect(vehicles.some((v) => v.vin?.length === 17)).to.equal(true);
    expect(vehicles.some((v) => v.vin !== null && v.vin?.length !== 17)).to.equal(true);
  });

  it('seeds SafetyAmp with the root, the region clusters, their home offices and the fixed lookups', () => {
    const seed = company.safetyamp;
    const root = seed.site_clusters.find((c) => c.parent_cluster_id === null);
    expect(root).to.include({ name: 'I&I', external_code: null });
    const regions = [...new Set(bPRDP.map((d) => d.udRegion).filter((r) => r !== null))].sort();
    const regionClusters = seed.site_clusters.filter((c) => c.parent_cluster_id === root?.id);
    expect(regionClusters.map((c) => c.external_code).sort()).to.deep.equal(regions);
    for (const cluster of regionClusters) {
      expect(seed.sites.filter((s) => s.cluster_id === cluster.id)).to.have.length(1);
    }
    expect(seed.sites.some((s) => s.id === 5145)).to.equal(true);
    expect(seed.asset_types).to.deep.equal([{ id: 3183, name: 'Vehicles' }]);
    expect(seed.roles.map((r) => r.name)).to.have.members([
      'Company Administrator',
      'Supervisor',
      'Field',
      'Safety Representative',
    ]);
    expect(seed.users.length).to.be.greaterThan(0);
    expect(seed.users.every((u) => u.emp_id === null)).to.equal(true);
    expect(seed.user_titles.length).to.be.greaterThan(0);
    expect(seed.assets).to.deep.equal([]);
  });
});
