import { expect } from 'chai';
import { validatePayload } from '../../../libs/domain/index.js';
import type { Payload } from '../../../libs/domain/index.js';

const validUser: Payload = {
  emp_id: '101',
  first_name: 'Ann',
  last_name: 'Lee',
  email: 'ann.lee@example.com',
  gender: 0,
  date_of_birth: '1980-05-02',
  mobile_phone: '+12255550134',
  home_site_id: 500,
  current_title_id: { $ref: 'titles', key: 'electrician' },
  roles: [{ id: 3 }],
  system_access: true,
  text_opt_out: 1,
};

function reasons(type: Parameters<typeof validatePayload>[0], payload: Payload): Record<string, string> {
  return Object.fromEntries(validatePayload(type, payload).map((note) => [note.field, note.reason]));
}

function without(payload: Payload, field: string): Payload {
  const copy = { ...payload };
  delete copy[field];
  return copy;
}

describe('domain validation (the API 422 rules, checked before any call)', () => {
  it('accepts a complete user, with references to records created in the same run', () => {
    expect(validatePayload('users', validUser)).to.deep.equal([]);
  });

  it('names each missing required user field in plain words', () => {
    expect(reasons('users', without(validUser, 'first_name'))).to.deep.equal({
      first_name: 'first name is required',
    });
    expect(reasons('users', without(validUser, 'last_name'))).to.deep.equal({
      last_name: 'last name is required',
    });
    expect(reasons('users', without(validUser, 'email'))).to.deep.equal({ email: 'e-mail is required' });
    expect(reasons('users', without(validUser, 'emp_id'))).to.deep.equal({
      emp_id: 'employee number is required',
    });
    expect(reasons('users', without(validUser, 'home_site_id'))).to.deep.equal({
      home_site_id: 'home site is required',
    });
    expect(reasons('users', { ...validUser, first_name: '' })).to.deep.equal({
      first_name: 'first name is required',
    });
  });

  it('refuses a malformed e-mail, a phone outside E.164, a date with a time and an unknown gender', () => {
    expect(reasons('users', { ...validUser, email: 'ann.lee@example' })).to.deep.equal({
      email: 'e-mail is not a valid address',
    });
    expect(reasons('users', { ...validUser, email: 'Ann.Lee@example.com' })).to.deep.equal({
      email: 'e-mail is not a valid address',
    });
    expect(reasons('users', { ...validUser, work_phone: '225-555-0134' })).to.deep.equal({
      work_phone: 'work phone is not a phone number in E.164 form',
    });
    expect(reasons('users', { ...validUser, date_of_birth: '1980-05-02 00:00:00' })).to.deep.equal({
      date_of_birth: 'date of birth is not a date as YYYY-MM-DD',
    });
    expect(reasons('users', { ...validUser, gender: 2 })).to.deep.equal({ gender: 'gender must be 0 or 1' });
  });

  it('refuses untrimmed and over-long strings', () => {
    expect(reasons('users', { ...validUser, last_name: ' Lee' })).to.deep.equal({
      last_name: 'last name has spaces around it',
    });
    expect(reasons('users', { ...validUser, city: 'x'.repeat(256) })).to.deep.equal({
      city: 'city is longer than 255 characters',
    });
    expect(validatePayload('users', { ...validUser, city: 'x'.repeat(255) })).to.deep.equal([]);
  });

  it('refuses a reference that is neither an id nor an EntityRef', () => {
    expect(reasons('users', { ...validUser, home_site_id: 'Plant A' })).to.deep.equal({
      home_site_id: 'home site must be a SafetyAmp id',
    });
  });

  it('checks sites, clusters, titles and assets against their own rules', () => {
    expect(reasons('sites', { name: '12345. - Plant A', external_code: '12345.' })).to.deep.equal({
      cluster_id: 'cluster is required',
    });
    expect(reasons('sites', { name: 'x', cluster_id: 11 })).to.deep.equal({
      external_code: 'job number is required',
    });
    expect(reasons('clusters', { name: '', parent_cluster_id: 1 })).to.deep.equal({
      name: 'name is required',
    });
    expect(
      validatePayload('clusters', { name: 'I&I', external_code: 'I&I', parent_cluster_id: null }),
    ).to.deep.equal([]);
    expect(reasons('titles', { name: 't'.repeat(300) })).to.deep.equal({
      name: 'title is longer than 255 characters',
    });
    const asset: Payload = { name: 'Truck', code: 'LA-1', serial: 'G1', asset_type_id: 3183, site_id: 5145 };
    expect(validatePayload('assets', asset)).to.deep.equal([]);
    expect(reasons('assets', without(asset, 'serial'))).to.deep.equal({ serial: 'serial is required' });
    expect(reasons('assets', without(asset, 'site_id'))).to.deep.equal({ site_id: 'site is required' });
    expect(reasons('assets', { ...asset, vin: 'SHORT' })).to.deep.equal({
      vin: 'VIN is not 17 letters or digits',
    });
  });
});
