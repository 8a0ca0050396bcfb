import { expect } from 'chai';
import { planRun } from '../../libs/domain/index.js';
import type { RunPlan, SafetyAmpSnapshot, SourceSnapshot } from '../../libs/domain/index.js';
import { driver, settings, source, syncedTenant, tenant, vehicle } from '../libs/domain/fixtures.js';
import { HOSTILE_TEXTS, sentForm } from './hostile-text.js';
import { TEXT_SOURCE_FIELDS, type TextSourceField } from './source-fields.js';

/** The fixture's sources: one department, job, employee (101) and vehicle driven by 101. */
function baseSource(): SourceSnapshot {
  return source({ vehicles: [vehicle()], drivers: [driver()] });
}

const TENANTS: Record<string, () => SafetyAmpSnapshot> = {
  'an empty tenant (creates)': () => tenant(),
  'a synced tenant (updates)': () => syncedTenant(),
};

type Outcome = { sent: unknown } | { invalid: string[] } | { neither: true };

/** What the plan did with the record the field lands in: the payload value sent, or the reasons for the field. */
function outcomeOf(plan: RunPlan, field: TextSourceField, value: string): Outcome {
  const entity = plan.entities[field.type];
  const key = field.key(value);
  const change = entity?.changes.find((c) => c.key === key);
  if (change && field.payloadField in change.payload) return { sent: change.payload[field.payloadField] };
  const invalid = entity?.invalid.filter((r) => r.key === key && r.field === field.payloadField) ?? [];
  if (invalid.length) return { invalid: invalid.map((r) => r.reason) };
  return { neither: true };
}

describe('hostile text in every source field, through the planner', () => {
  for (const [tenantName, makeTenant] of Object.entries(TENANTS)) {
    describe(tenantName, () => {
      for (const hostile of HOSTILE_TEXTS) {
        it(`${hostile.name}: ${hostile.outcome === 'sent' ? 'sent as it is' : `invalid, "<field> ${hostile.outcome}"`}`, () => {
          for (const field of TEXT_SOURCE_FIELDS) {
            const src = baseSource();
            field.place(src, hostile.value);
            const plan = planRun(src, makeTenant(), settings());
            const expected = field.multiline && hostile.multiline ? hostile.multiline : hostile.outcome;
            const got = outcomeOf(plan, field, hostile.value);
            if (expected === 'sent') {
              expect(got, field.name).to.deep.equal({ sent: field.sent(sentForm(hostile.value)) });
            } else {
              expect(got, field.name).to.deep.equal({ invalid: [`${field.label} ${expected}`] });
            }
          }
        });
      }
    });
  }

  it('never lets a hostile value into any planned change of another record', () => {
    for (const hostile of HOSTILE_TEXTS.filter((h) => h.outcome !== 'sent')) {
      for (const field of TEXT_SOURCE_FIELDS) {
        if (field.multiline && hostile.multiline) continue;
        const src = baseSource();
        field.place(src, hostile.value);
        const plan = planRun(src, tenant(), settings());
        for (const entity of Object.values(plan.entities)) {
          for (const change of entity.changes) {
            expect(
              JSON.stringify(change.payload),
              `${field.name}: ${hostile.name} in ${change.type} ${change.key}`,
            ).not.to.contain(JSON.stringify(hostile.value).slice(1, -1));
          }
        }
      }
    }
  });

  it('quotes a hostile value in a reason with its hidden characters written out and cut after 40 characters', () => {
    const titled = (title: string) => {
      const src = baseSource();
      src.employees[0]!.udEmpTitle = title;
      return planRun(src, syncedTenant(), settings()).entities.users?.invalid ?? [];
    };
    expect(titled('Electri\u200Bcian')).to.deep.equal([
      {
        type: 'users',
        key: '101',
        field: 'current_title_id',
        reason: 'title "Electri\\u{200B}cian" is not in SafetyAmp and is not created by this run',
      },
    ]);
    const long = titled('T'.repeat(10_000))[0]?.reason ?? '';
    expect(long).to.equal(
      `title "${'T'.repeat(40)}… (10000 characters)" is not in SafetyAmp and is not created by this run`,
    );
    const src = baseSource();
    src.departments[0]!.udRegion = 'North\u202E\u0000';
    const departments = planRun(src, tenant(), settings()).entities.clusters?.invalid ?? [];
    expect(departments.find((r) => r.key === 'dept:01')).to.deep.equal({
      type: 'clusters',
      key: 'dept:01',
      field: 'parent_cluster_id',
      reason: 'region "North\\u{202E}\\u{0}" is not in SafetyAmp and is not created by this run',
    });
  });

  it('keeps a 255-character value and refuses a 256-character one', () => {
    for (const [length, sent] of [
      [255, true],
      [256, false],
    ] as const) {
      const src = baseSource();
      src.employees[0]!.FirstName = 'n'.repeat(length);
      const plan = planRun(src, tenant(), settings());
      const user = plan.entities.users?.changes.find((c) => c.key === '101');
      if (sent) expect(user?.payload.first_name).to.have.length(255);
      else
        expect(plan.entities.users?.invalid).to.deep.include({
          type: 'users',
          key: '101',
          field: 'first_name',
          reason: 'first name is longer than 255 characters',
        });
    }
  });
});
