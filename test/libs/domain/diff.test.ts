import { expect } from 'chai';
import { diffRecord } from '../../../libs/domain/index.js';
import type { DesiredRecord, Payload } from '../../../libs/domain/index.js';

function desiredUser(
  payload: Payload,
  createOnly?: string[],
): Pick<DesiredRecord, 'type' | 'payload' | 'createOnly'> {
  return { type: 'users', payload, createOnly };
}

describe('domain diff', () => {
  it('creates without nulls when nothing exists', () => {
    const outcome = diffRecord(
      { type: 'assets', payload: { name: 'Truck', current_user_id: null } },
      undefined,
    );
    expect(outcome).to.deep.equal({ action: 'create', payload: { name: 'Truck' } });
  });

  it('updates only the changed fields, with their previous values (PATCH, never a full PUT)', () => {
    const outcome = diffRecord(desiredUser({ first_name: 'Ann', last_name: 'Smith', city: 'Sulphur' }), {
      id: 'u1',
      first_name: 'Ann',
      last_name: 'Lee',
      city: 'Sulphur',
    });
    expect(outcome).to.deep.equal({
      action: 'update',
      payload: { last_name: 'Smith' },
      previous: { last_name: 'Lee' },
    });
  });

  it('sees a change to female (gender 0 is a value, not "nothing")', () => {
    const outcome = diffRecord(desiredUser({ gender: 0 }), { id: 'u1', gender: 1 });
    expect(outcome).to.deep.equal({ action: 'update', payload: { gender: 0 }, previous: { gender: 1 } });
    expect(diffRecord(desiredUser({ gender: 0 }), { id: 'u1', gender: '0' }).action).to.equal('unchanged');
  });

  it('reads dates with times, phones in other formats and e-mails with case or spaces as unchanged', () => {
    const outcome = diffRecord(
      desiredUser({
        date_of_birth: '1980-05-02',
        current_hire_date: '2020-01-06',
        mobile_phone: '+12255550134',
        work_phone: '+12255550134',
        email: 'ann.lee@example.com',
      }),
      {
        id: 'u1',
        date_of_birth: '1980-05-02 00:00:00',
        current_hire_date: '2020-01-06T00:00:00.000000Z',
        mobile_phone: '(225) 555-0134',
        work_phone: '225-555-0134',
        email: ' Ann.Lee@Example.com ',
      },
    );
    expect(outcome.action).to.equal('unchanged');
  });

  it('reads numbers as numeric strings and system_access as true/1/"1"', () => {
    for (const access of [true, 1, '1', 'true']) {
      const outcome = diffRecord(
        desiredUser({ home_site_id: 500, current_title_id: 40, system_access: true }),
        {
          id: 'u1',
          home_site_id: '500',
          current_title_id: 40,
          system_access: access,
        },
      );
      expect(outcome.action, String(access)).to.equal('unchanged');
    }
    const asset = diffRecord(
      { type: 'assets', payload: { asset_type_id: 3183, year: 2021 } },
      { id: 1, asset_type_id: '3183', year: '2021' },
    );
    expect(asset.action).to.equal('unchanged');
  });

  it('never blanks a field the desired record leaves out (the original never blanked either)', () => {
    const outcome = diffRecord(desiredUser({ first_name: 'Ann' }), {
      id: 'u1',
      first_name: 'Ann',
      middle_name: 'B',
      mobile_phone: '+12255550134',
    });
    expect(outcome.action).to.equal('unchanged');
  });

  it('clears a field the desired record sets to null, and sees null, missing and "" as one', () => {
    const clear = diffRecord(
      { type: 'assets', payload: { current_user_id: null } },
      { id: 1, current_user_id: 'u9' },
    );
    expect(clear).to.deep.equal({
      action: 'update',
      payload: { current_user_id: null },
      previous: { current_user_id: 'u9' },
    });
    for (const nothing of [null, undefined, '']) {
      const outcome = diffRecord(
        { type: 'assets', payload: { current_user_id: null } },
        { id: 1, current_user_id: nothing },
      );
      expect(outcome.action, String(nothing)).to.equal('unchanged');
    }
  });

  it('does not compare create-only fields', () => {
    const outcome = diffRecord(
      desiredUser({ timezone: 'America/Chicago', text_opt_out: 1, emp_id: '101' }, [
        'timezone',
        'text_opt_out',
        'emp_id',
      ]),
      {
        id: 'u1',
        timezone: 'America/Denver',
        text_opt_out: 0,
        emp_id: '0101',
      },
    );
    expect(outcome.action).to.equal('unchanged');
  });

  it('diffs a title change and adds a missing role without taking others away', () => {
    const outcome = diffRecord(desiredUser({ current_title_id: 41, roles: [{ id: 3 }] }), {
      id: 'u1',
      current_title_id: 40,
      roles: [{ id: 2 }],
    });
    expect(outcome).to.deep.equal({
      action: 'update',
      payload: { current_title_id: 41, roles: [{ id: 2 }, { id: 3 }] },
      previous: { current_title_id: 40, roles: [{ id: 2 }] },
    });
    const held = diffRecord(desiredUser({ roles: [{ id: 3 }] }), {
      id: 'u1',
      roles: [{ id: 2 }, { id: '3' }],
    });
    expect(held.action).to.equal('unchanged');
  });

  it('treats roles and system_access missing from the current record as unknown, not as empty', () => {
    const outcome = diffRecord(desiredUser({ roles: [{ id: 3 }], system_access: true }), { id: 'u1' });
    expect(outcome.action).to.equal('unchanged');
    const empty = diffRecord(desiredUser({ roles: [{ id: 3 }], system_access: true }), {
      id: 'u1',
      roles: [],
      system_access: null,
    });
    expect(empty).to.deep.equal({
      action: 'update',
      payload: { roles: [{ id: 3 }], system_access: true },
      previous: { roles: [], system_access: null },
    });
  });

  it('always sends a reference to an entity this run creates', () => {
    const outcome = diffRecord(desiredUser({ home_site_id: { $ref: 'sites', key: '12345.' } }), {
      id: 'u1',
      home_site_id: 500,
    });
    expect(outcome.action).to.equal('update');
  });

  it('compares zips in their mended form', () => {
    const outcome = diffRecord(
      { type: 'sites', payload: { zip_code: '70663' } },
      { id: 1, zip_code: '70663-' },
    );
    expect(outcome.action).to.equal('unchanged');
  });

  it('never updates a title: the API has no call for it', () => {
    const outcome = diffRecord(
      { type: 'titles', payload: { name: 'Electrician' } },
      { id: 40, name: 'ELECTRICIAN' },
    );
    expect(outcome.action).to.equal('unchanged');
  });
});
