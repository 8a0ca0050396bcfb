import { expect } from 'chai';
import { redact } from '../../../libs/platform/logger.js';

describe('log redaction', () => {
  it('removes secrets and personal data at any depth, and keeps keys and counts', () => {
    const out = redact({
      runId: 'run-1',
      entityKey: '1234',
      token: 'abc',
      headers: { Authorization: 'Bearer abc', Fqdn: 'acme.safetyamp.com' },
      payload: {
        first_name: 'Ann',
        last_name: 'Lee',
        email: 'ann@x.com',
        mobile_phone: '+13375550100',
        date_of_birth: '1990-01-01',
        street: '1 Main',
        home_site_id: 7,
      },
      changes: [{ password: 'p', count: 3 }],
    }) as Record<string, unknown>;
    expect(out).to.deep.equal({
      runId: 'run-1',
      entityKey: '1234',
      token: '[redacted]',
      headers: { Authorization: '[redacted]', Fqdn: 'acme.safetyamp.com' },
      payload: {
        first_name: '[redacted]',
        last_name: '[redacted]',
        email: '[redacted]',
        mobile_phone: '[redacted]',
        date_of_birth: '[redacted]',
        street: '[redacted]',
        home_site_id: 7,
      },
      changes: [{ password: '[redacted]', count: 3 }],
    });
  });

  it('keeps only the name and message of an error', () => {
    expect(redact(new TypeError('bad'))).to.deep.equal({ name: 'TypeError', message: 'bad' });
  });
});
