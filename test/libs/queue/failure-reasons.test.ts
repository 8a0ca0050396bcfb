import { expect } from 'chai';
import { UnrecoverableError } from 'bullmq';
import { failureClassOf, permanentFailure } from '../../../libs/queue/failure-reasons.js';

describe('failure reasons', () => {
  it('marks a permanent failure so that BullMQ fails it at once and others can tell its class', () => {
    const error = permanentFailure('rejected', 'email: The email has already been taken.');
    expect(error).to.be.instanceOf(UnrecoverableError);
    expect(error.message).to.equal('[rejected] email: The email has already been taken.');
    expect(failureClassOf(error.message)).to.equal('rejected');
  });

  it('treats an unmarked reason (an exhausted retry) as transient', () => {
    expect(failureClassOf('SafetyAmp answered 503')).to.equal('transient');
    expect(failureClassOf(undefined)).to.equal('transient');
    expect(failureClassOf('email [rejected] later in the text')).to.equal('transient');
  });
});
