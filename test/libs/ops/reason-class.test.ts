import { expect } from 'chai';
import { classifyReason } from '../../../libs/ops/reason-class.js';
import { permanentFailure } from '../../../libs/queue/failure-reasons.js';

describe('ops: reason classes (the reason_class metric label)', () => {
  it('gives the dashboard one bounded class per reason, from the marker first', () => {
    expect(classifyReason('[invalid] last_name: last name is required')).to.equal('rejected');
    expect(classifyReason('[missing] users 1234 (id ab12) no longer exists in SafetyAmp')).to.equal(
      'not_found',
    );
    expect(classifyReason('[dependency] home_site_id: sites 12345. could not be created')).to.equal(
      'dependency',
    );
    expect(classifyReason('SafetyAmp answered 503 Service Unavailable')).to.equal('unavailable');
  });

  it('classes a marked reason by its marker even when its text says something else', () => {
    const reason = permanentFailure('rejected', 'SafetyAmp answered 503 after a timeout').message;
    expect(classifyReason(reason)).to.equal('rejected');
  });

  it('tells unmarked reasons apart by what their text says', () => {
    const cases: [string, string][] = [
      ['SafetyAmp answered 429 Too Many Requests', 'rate_limited'],
      ['circuit breaker is open', 'breaker_open'],
      ['request timed out after 30000 ms', 'timeout'],
      ['SafetyAmp answered 401 Unauthorized', 'configuration'],
      ['connect ECONNREFUSED 127.0.0.1:443', 'unavailable'],
      ['SafetyAmp answered 404', 'not_found'],
      ['something nobody foresaw', 'other'],
    ];
    for (const [reason, cls] of cases) expect(classifyReason(reason), reason).to.equal(cls);
  });
});
