import { expect } from 'chai';
import { findDrift, WHOLE_RECORD } from '../../../libs/domain/index.js';

describe('domain: drift between what the fleet wrote and a fresh listing', () => {
  const written = new Map([
    ['u1', '1001'],
    ['u2', '1002'],
    ['u3', '1003'],
  ]);
  const known = [
    { id: 'u1', first_name: 'Ann', mobile_phone: '+15045550100', roles: [{ id: 1 }], updated_at: 'a' },
    { id: 'u2', first_name: 'Bo', home_site_id: 7 },
    { id: 'u3', first_name: 'Cy' },
    { id: 'u4', first_name: 'Di' },
  ];

  it('lists the kept-in-step fields that differ, with the value found and the value written', () => {
    const listed = [
      { id: 'u1', first_name: 'Anne', mobile_phone: '(504) 555-0100', roles: [{ id: '1' }], updated_at: 'b' },
      { id: 'u2', first_name: 'Bo', home_site_id: '8' },
      { id: 'u3', first_name: 'Cy' },
      { id: 'u4', first_name: 'Dee' },
    ];
    expect(findDrift('users', known, listed, written)).to.deep.equal([
      { type: 'users', key: '1001', id: 'u1', field: 'first_name', found: 'Anne', written: 'Ann' },
      { type: 'users', key: '1002', id: 'u2', field: 'home_site_id', found: '8', written: 7 },
    ]);
  });

  it('reports a record the fleet wrote that is no longer listed; never one it did not write', () => {
    const listed = [
      { id: 'u1', first_name: 'Ann' },
      { id: 'u2', first_name: 'Bo', home_site_id: 7 },
    ];
    expect(findDrift('users', known, listed, written)).to.deep.equal([
      { type: 'users', key: '1003', id: 'u3', field: WHOLE_RECORD, found: null, written: 'present' },
    ]);
  });
});
