import { expect } from 'chai';
import { planRun } from '../../libs/domain/index.js';
import type {
  EntityType,
  GraphUser,
  InvalidRecord,
  RecordWarning,
  RunPlan,
  SamsaraVehicle,
  SourceSnapshot,
  VistaEmployeeRow,
} from '../../libs/domain/index.js';
import {
  department,
  driver,
  employee,
  job,
  settings,
  source,
  syncedTenant,
  tenant,
  vehicle,
} from '../libs/domain/fixtures.js';

const NULL_EMPLOYEE: VistaEmployeeRow = {
  Employee: null,
  FirstName: null,
  MidName: null,
  LastName: null,
  Sex: null,
  PRDept: null,
  Email: null,
  udEmpTitle: null,
  BirthDate: null,
  HireDate: null,
  Phone: null,
  Address: null,
  City: null,
  State: null,
  Zip: null,
};

function invalidOf(plan: RunPlan, type: EntityType): InvalidRecord[] {
  return plan.entities[type]?.invalid ?? [];
}
function warningsOf(plan: RunPlan, type: EntityType, key: string): RecordWarning[] {
  return (plan.entities[type]?.warnings ?? []).filter((w) => w.key === key);
}
function userPayload(plan: RunPlan, key = '101'): Record<string, unknown> | undefined {
  return plan.entities.users?.changes.find((c) => c.key === key)?.payload;
}
/** Employee 101 with some fields replaced, planned against an empty tenant. */
function planEmployee(fields: Partial<Record<keyof VistaEmployeeRow, unknown>>): RunPlan {
  return planRun(
    source({ employees: [employee(fields as Partial<VistaEmployeeRow>)] }),
    tenant(),
    settings(),
  );
}

describe('hostile source rows, through the planner', () => {
  describe('nulls everywhere', () => {
    const nulls = (): SourceSnapshot =>
      source({
        departments: [
          department(),
          { PRDept: null, Description: null, udRegion: null },
          { PRDept: '02', Description: null, udRegion: null },
        ],
        jobs: [
          job(),
          {
            Job: null,
            Description: null,
            Contract: null,
            Department: null,
            ShipAddress: null,
            ShipCity: null,
            ShipState: null,
            ShipZip: null,
          },
          {
            Job: '777.',
            Description: null,
            Contract: null,
            Department: null,
            ShipAddress: null,
            ShipCity: null,
            ShipState: null,
            ShipZip: null,
          },
        ],
        employees: [employee(), NULL_EMPLOYEE, { ...NULL_EMPLOYEE, Employee: 202 }],
        recentJobs: [
          { Employee: null, Job: null, PREndDate: null },
          { Employee: 101, Job: '12345.', PREndDate: null },
        ],
        entraUsers: [
          {
            id: 'g1',
            employeeId: null,
            mail: null,
            userPrincipalName: null,
            accountEnabled: null,
            mobilePhone: null,
            businessPhones: null,
          },
        ],
        vehicles: [
          {
            id: 'v9',
            name: null,
            make: null,
            model: null,
            year: null,
            licensePlate: null,
            vin: null,
            serial: null,
            notes: null,
            vehicleRegulationMode: null,
            staticAssignedDriver: null,
            tags: null,
          },
          { id: 'v10', name: null, serial: 'S10', staticAssignedDriver: null },
        ],
        drivers: [{ id: 'd1', name: null, notes: null }],
      });

    for (const [name, makeTenant] of [
      ['empty tenant', tenant],
      ['synced tenant', syncedTenant],
    ] as const) {
      it(`every null row is an invalid record naming the field (${name}); the complete rows still go out`, () => {
        const plan = planRun(nulls(), makeTenant(), settings());
        expect(invalidOf(plan, 'clusters')).to.deep.equal([
          { type: 'clusters', key: 'row 2', field: 'PRDept', reason: 'department code is missing' },
          { type: 'clusters', key: 'dept:02', field: 'name', reason: 'department has no description' },
          {
            type: 'clusters',
            key: 'dept:02',
            field: 'parent_cluster_id',
            reason: 'department has no region',
          },
        ]);
        expect(invalidOf(plan, 'sites')).to.deep.equal([
          { type: 'sites', key: 'row 2', field: 'external_code', reason: 'job number is missing' },
          { type: 'sites', key: '777.', field: 'cluster_id', reason: 'job has no department' },
        ]);
        expect(invalidOf(plan, 'users')).to.deep.equal([
          {
            type: 'users',
            key: 'row 2',
            field: 'emp_id',
            reason: 'employee number is missing or not a whole number',
          },
          {
            type: 'users',
            key: '202',
            field: 'home_site_id',
            reason: 'no home site: no recent open job, and no department',
          },
          { type: 'users', key: '202', field: 'first_name', reason: 'first name is required' },
          { type: 'users', key: '202', field: 'last_name', reason: 'last name is required' },
          { type: 'users', key: '202', field: 'email', reason: 'e-mail is required' },
        ]);
        expect(invalidOf(plan, 'assets')).to.deep.equal([
          { type: 'assets', key: 'samsara:v9', field: 'serial', reason: 'vehicle has no serial' },
          { type: 'assets', key: 'S10', field: 'name', reason: 'name is required' },
        ]);
        // The complete rows: created on an empty tenant, unchanged on a synced one; no null is ever sent.
        for (const entity of Object.values(plan.entities)) {
          for (const change of entity.changes) {
            expect(['region:lake charles', 'dept:01', '12345.', 'electrician', '101']).to.include(change.key);
            expect(Object.values(change.payload)).not.to.include(null);
          }
        }
        if (name === 'synced tenant') expect(plan.entities.users?.changes).to.deep.equal([]);
      });
    }
  });

  describe('impossible dates', () => {
    const cases: [string, unknown, unknown, string | null][] = [
      ['February 30th', '2023-02-30 00:00:00', undefined, 'date is not YYYY-MM-DD; left out'],
      ['month 13', '2023-13-01', undefined, 'date is not YYYY-MM-DD; left out'],
      ['zero date', '0000-00-00 00:00:00', undefined, 'date is not YYYY-MM-DD; left out'],
      ['US format', '06/15/1980', undefined, 'date is not YYYY-MM-DD; left out'],
      ['an invalid Date', new Date(Number.NaN), undefined, 'date is invalid; left out'],
      [
        "SQL Server's 1900-01-01 zero date",
        new Date('1900-01-01T00:00:00Z'),
        undefined,
        'date is outside the years 1901 to 2099; left out',
      ],
      [
        "SQL Server's earliest datetime",
        '1753-01-01 00:00:00',
        undefined,
        'date is outside the years 1901 to 2099; left out',
      ],
      [
        'year 9999',
        new Date('9999-12-31T00:00:00Z'),
        undefined,
        'date is outside the years 1901 to 2099; left out',
      ],
      ['a number', 12345, undefined, 'date is not YYYY-MM-DD; left out'],
      ['a leap day', '2000-02-29 00:00:00', '2000-02-29', null],
    ];
    for (const [name, raw, sent, warning] of cases) {
      it(`${name} as a birth date: ${warning ?? `sent as ${String(sent)}`}`, () => {
        const plan = planEmployee({ BirthDate: raw });
        expect(userPayload(plan)?.date_of_birth).to.equal(sent);
        expect(warningsOf(plan, 'users', '101')).to.deep.equal(
          warning === null ? [] : [{ type: 'users', key: '101', field: 'date_of_birth', reason: warning }],
        );
      });
    }

    it('a birth date on or after the hire date is left out; the hire date is sent', () => {
      const plan = planEmployee({ BirthDate: '2021-01-01 00:00:00', HireDate: '2020-01-06 00:00:00' });
      expect(userPayload(plan)?.date_of_birth).to.equal(undefined);
      expect(userPayload(plan)?.current_hire_date).to.equal('2020-01-06');
      expect(warningsOf(plan, 'users', '101')).to.deep.equal([
        {
          type: 'users',
          key: '101',
          field: 'date_of_birth',
          reason: 'date of birth is not before the hire date; left out',
        },
      ]);
    });

    it('an impossible date never blanks the date SafetyAmp holds', () => {
      const plan = planRun(
        source({ employees: [employee({ BirthDate: '2023-02-30' })] }),
        syncedTenant(),
        settings(),
      );
      expect(plan.entities.users?.changes).to.deep.equal([]);
    });
  });

  describe('phones in every format', () => {
    const valid: [string, string][] = [
      ['225-555-0134', '+12255550134'],
      ['(225) 555-0134', '+12255550134'],
      ['225.555.0134', '+12255550134'],
      ['2255550134', '+12255550134'],
      ['+1 225 555 0134', '+12255550134'],
      ['1-225-555-0134', '+12255550134'],
      ['+1 (225) 555-0134 ext. 12', '+12255550134'],
      ['225-555-0134 x12', '+12255550134'],
      ['+44 20 7946 0958', '+442079460958'],
      ['２２５-５５５-０１３４', '+12255550134'],
      ['<script>2255550134</script>', '+12255550134'],
      ["225-555-0134'; DROP TABLE bPREH;--", '+12255550134'],
      ['225-555-0134\u0000', '+12255550134'],
    ];
    for (const [raw, e164] of valid) {
      it(`${JSON.stringify(raw)} → SafetyAmp receives ${e164} in both phone fields`, () => {
        const plan = planEmployee({ Phone: raw });
        expect(userPayload(plan)).to.include({ mobile_phone: e164, work_phone: e164 });
        expect(warningsOf(plan, 'users', '101')).to.deep.equal([]);
      });
    }
    const unusable = [
      '555-0134',
      '000-000-0000',
      '911',
      'n/a',
      '+0 225 555 0134',
      '225-555-0134 / 337-555-0100',
      '\u202E4310-555-522',
      '1'.repeat(10_000),
      2255550134,
    ];
    for (const raw of unusable) {
      it(`${JSON.stringify(String(raw).slice(0, 30))} (${typeof raw}) → left out with a warning, never sent`, () => {
        const plan = planEmployee({ Phone: raw });
        expect(userPayload(plan)).not.to.have.property('mobile_phone');
        expect(userPayload(plan)).not.to.have.property('work_phone');
        expect(warningsOf(plan, 'users', '101')).to.deep.equal([
          {
            type: 'users',
            key: '101',
            field: 'mobile_phone',
            reason: 'phone is not a valid phone number; left out',
          },
        ]);
      });
    }
  });

  describe('duplicate keys', () => {
    it('two employees whose numbers differ only in spaces and type (" 101" and 101): both invalid, neither sent', () => {
      const plan = planRun(
        source({ employees: [employee(), employee({ Employee: ' 101 ', Email: 'other@example.com' })] }),
        tenant(),
        settings(),
      );
      expect(invalidOf(plan, 'users')).to.deep.equal([
        {
          type: 'users',
          key: '101',
          field: 'emp_id',
          reason: 'employee number 101 appears in 2 source rows',
        },
        {
          type: 'users',
          key: '101',
          field: 'emp_id',
          reason: 'employee number 101 appears in 2 source rows',
        },
      ]);
      expect(plan.entities.users?.changes).to.deep.equal([]);
    });

    it('two jobs whose numbers differ only in spaces: both invalid, neither sent', () => {
      const plan = planRun(source({ jobs: [job(), job({ Job: '12345. ' })] }), tenant(), settings());
      expect(invalidOf(plan, 'sites').map((r) => r.reason)).to.deep.equal([
        'job number 12345. appears in 2 source rows',
        'job number 12345. appears in 2 source rows',
      ]);
      expect(plan.entities.sites?.changes).to.deep.equal([]);
    });

    it('two departments with one code, two vehicles with one serial: every one reported', () => {
      const plan = planRun(
        source({
          departments: [department(), department({ Description: 'Civil' })],
          vehicles: [vehicle(), vehicle({ id: '2' })],
          drivers: [driver()],
        }),
        tenant(),
        settings(),
      );
      expect(invalidOf(plan, 'clusters').map((r) => r.reason)).to.deep.equal([
        'department 01 appears in 2 source rows',
        'department 01 appears in 2 source rows',
      ]);
      expect(invalidOf(plan, 'assets').map((r) => r.reason)).to.deep.equal([
        'serial GAAA-111-BBB appears in 2 source rows',
        'serial GAAA-111-BBB appears in 2 source rows',
      ]);
    });

    it("two Entra users with one employeeId and different mails: Vista's e-mail is sent, with a warning", () => {
      const entraUsers: GraphUser[] = [
        { id: 'g1', employeeId: '101', mail: 'ann@corp.example.com', accountEnabled: true },
        { id: 'g2', employeeId: ' 101', mail: 'impostor@corp.example.com', accountEnabled: true },
      ];
      const plan = planRun(source({ entraUsers }), tenant(), settings());
      expect(userPayload(plan)?.email).to.equal('ann.lee@example.com');
      expect(warningsOf(plan, 'users', '101').map((w) => w.field)).to.deep.equal(['email']);
    });

    it('a hostile serial shared by two vehicles is quoted safely in the reason', () => {
      const serial = `S\u0000${'9'.repeat(100)}`;
      const plan = planRun(
        source({ vehicles: [vehicle({ serial }), vehicle({ id: '2', serial })] }),
        tenant(),
        settings(),
      );
      const reasons = invalidOf(plan, 'assets').map((r) => r.reason);
      expect(reasons).to.include(
        `serial S\\u{0}${'9'.repeat(38)}… (102 characters) appears in 2 source rows`,
      );
    });
  });

  describe('rows whose types are wrong', () => {
    for (const bad of [1.5, -3, '12abc', '1e3', true, {}, [], Number.MAX_SAFE_INTEGER + 2]) {
      it(`Employee ${JSON.stringify(bad)}: invalid row, "employee number is missing or not a whole number"`, () => {
        const plan = planEmployee({ Employee: bad });
        expect(invalidOf(plan, 'users')).to.deep.equal([
          {
            type: 'users',
            key: 'row 1',
            field: 'emp_id',
            reason: 'employee number is missing or not a whole number',
          },
        ]);
        expect(plan.entities.users?.changes).to.deep.equal([]);
      });
    }

    it('text fields holding numbers are sent as text; objects and booleans count as missing', () => {
      const plan = planEmployee({ FirstName: 42, MidName: { first: 'x' }, City: true, Zip: 70663 });
      const payload = userPayload(plan);
      expect(payload).to.include({ first_name: '42', zip_code: '70663' });
      expect(payload).not.to.have.property('middle_name');
      expect(payload).not.to.have.property('city');
      const required = planEmployee({ LastName: ['Lee'] });
      expect(invalidOf(required, 'users')).to.deep.equal([
        { type: 'users', key: '101', field: 'last_name', reason: 'last name is required' },
      ]);
    });

    it('a sex code, an e-mail and a zip of the wrong kind', () => {
      const plan = planEmployee({ Sex: 7, Zip: 'ABCDE' });
      expect(userPayload(plan)).not.to.have.property('gender');
      expect(warningsOf(plan, 'users', '101').map((w) => w.reason)).to.deep.equal([
        'sex is neither male nor female; left out',
        'zip is not a valid zip code; left out',
      ]);
      expect(invalidOf(planEmployee({ Email: 12345 }), 'users')).to.deep.equal([
        { type: 'users', key: '101', field: 'email', reason: 'e-mail is required' },
      ]);
      expect(invalidOf(planEmployee({ Email: '<script>@example.com' }), 'users')).to.deep.equal([
        { type: 'users', key: '101', field: 'email', reason: 'e-mail is not a valid address' },
      ]);
    });

    it('Graph users of the wrong shape never match and never break the plan', () => {
      const entraUsers = [
        { id: 'g1', employeeId: 101, mail: 'num@corp.example.com', accountEnabled: true },
        { id: 'g2', employeeId: '101', mail: 42, businessPhones: '+1 337 555 0100', accountEnabled: true },
        { id: 'g3', employeeId: '101', mail: 'enabled.yes@corp.example.com', accountEnabled: 'yes' },
        null,
        'not a user',
      ] as unknown as GraphUser[];
      const plan = planRun(source({ entraUsers }), tenant(), settings());
      expect(userPayload(plan)).to.include({
        email: 'ann.lee@example.com',
        work_phone: '+12255550134',
      });
    });

    it('Samsara vehicles and drivers of the wrong shape: a clear reason or a sane value, never a crash', () => {
      const vehicles = [
        vehicle({
          id: 281474976710009 as unknown as string,
          serial: 987654 as unknown as string,
          licensePlate: null,
        }),
        vehicle({ id: '3', serial: 'S3', year: 'twenty-one', staticAssignedDriver: 'd1' as unknown as null }),
        vehicle({ id: '4', serial: 'S4', name: { text: 'Truck' } as unknown as string }),
        null,
        vehicle({ id: '5', serial: 'S5', staticAssignedDriver: { id: 77 as unknown as string } }),
      ] as unknown as SamsaraVehicle[];
      const drivers = [driver(), null, { id: 77, notes: 'Emp 0101' }] as unknown as SourceSnapshot['drivers'];
      const plan = planRun(source({ vehicles, drivers }), tenant(), settings());
      const assets = plan.entities.assets!;
      const created = (key: string) => assets.changes.find((c) => c.key === key)?.payload;
      expect(created('987654')).to.include({ serial: '987654', code: 'Unit_0009' });
      expect(created('S3')).not.to.have.property('current_user_id');
      expect(created('S3')).not.to.have.property('year');
      expect(created('S5')?.current_user_id).to.deep.equal({ $ref: 'users', key: '101' });
      expect(assets.invalid).to.deep.equal([
        { type: 'assets', key: 'row 4', field: 'serial', reason: 'vehicle is not a record' },
        { type: 'assets', key: 'S4', field: 'name', reason: 'name is required' },
      ]);
      expect(assets.warnings.filter((w) => w.key === 'S3').map((w) => w.reason)).to.deep.equal([
        'year is not a number; left out',
      ]);
    });
  });
});
