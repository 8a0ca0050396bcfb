import { expect } from 'chai';
import {
  allowedActions,
  DEFAULT_ROLE,
  FLEET_ACTIONS,
  isReadOnly,
  isRole,
  MASK,
  mayTake,
  presentRecord,
  presentText,
  refusalOf,
  ROLES,
  seesPersonalData,
  seesServerDetails,
  type DashboardRole,
  type FleetAction,
} from '../../../libs/ops/index.js';
import { PERSON, personalUpdate } from '../../support/dashboard-fixtures.js';

/** The rule, written out by hand: what each role may do. The policy must say exactly this. */
const EXPECTED: Record<DashboardRole, Record<FleetAction, boolean>> = {
  operator: {
    'pause-fleet': true,
    'resume-fleet': true,
    'trigger-run': true,
    'sync-records': true,
    'trigger-reconcile': true,
    'retry-failed-record': true,
    'retry-jobs': true,
    'promote-jobs': true,
    'clean-jobs': true,
    'pause-queues': true,
    'resume-queues': true,
    'set-log-level': true,
  },
  viewer: {
    'pause-fleet': false,
    'resume-fleet': false,
    'trigger-run': false,
    'sync-records': false,
    'trigger-reconcile': false,
    'retry-failed-record': false,
    'retry-jobs': false,
    'promote-jobs': false,
    'clean-jobs': false,
    'pause-queues': false,
    'resume-queues': false,
    'set-log-level': false,
  },
};

const FREE_TEXT = `SafetyAmp 422: email ${PERSON.email} taken; phone ${PERSON.mobile_phone}; born ${PERSON.date_of_birth}; emp_id 1234`;

describe('ops: the role policy', () => {
  it('knows exactly the roles operator and viewer', () => {
    expect([...ROLES].sort()).to.deep.equal(['operator', 'viewer']);
    expect(isRole('operator')).to.equal(true);
    expect(isRole('viewer')).to.equal(true);
    for (const other of ['admin', 'Operator', '', 'toString', '__proto__', undefined, 1]) {
      expect(isRole(other), String(other)).to.equal(false);
    }
  });

  it('lets each role take exactly the actions the rule gives it', () => {
    expect([...FLEET_ACTIONS].sort()).to.deep.equal(Object.keys(EXPECTED.operator).sort());
    for (const role of ROLES) {
      for (const action of FLEET_ACTIONS) {
        expect(mayTake(role, action), `${role} ${action}`).to.equal(EXPECTED[role][action]);
        expect(allowedActions(role).has(action), `${role} ${action} allowed`).to.equal(
          EXPECTED[role][action],
        );
      }
    }
  });

  it('makes the viewer read-only and the operator not', () => {
    expect(isReadOnly('viewer')).to.equal(true);
    expect(isReadOnly('operator')).to.equal(false);
  });

  it('gives a user of unknown role the role that may least', () => {
    expect(DEFAULT_ROLE).to.equal('viewer');
    expect(allowedActions(DEFAULT_ROLE).size).to.equal(0);
    expect(seesPersonalData(DEFAULT_ROLE)).to.equal(false);
  });

  it('refuses with the key forbidden and says which role may not do what', () => {
    expect(refusalOf('viewer', 'pause-fleet')).to.deep.equal({
      key: 'forbidden',
      message: 'The viewer role may not pause the fleet.',
    });
    expect(refusalOf('viewer', 'retry-failed-record').message).to.equal(
      'The viewer role may not retry a failed record.',
    );
    expect(refusalOf('viewer')).to.deep.equal({
      key: 'forbidden',
      message: 'The viewer role may not change the fleet.',
    });
  });

  it('shows personal data and server details to operators only', () => {
    expect(seesPersonalData('operator')).to.equal(true);
    expect(seesPersonalData('viewer')).to.equal(false);
    expect(seesServerDetails('operator')).to.equal(true);
    expect(seesServerDetails('viewer')).to.equal(false);
  });

  it("shows a viewer which fields a record's change touches, never their values", () => {
    const change = personalUpdate('1234');
    const seen = presentRecord('viewer', change);
    expect(seen.key).to.equal('1234');
    expect(seen.action).to.equal('update');
    expect(seen.payload.emp_id).to.equal('1234');
    for (const field of Object.keys(PERSON)) expect(seen.payload[field], field).to.equal(MASK);
    expect(seen.previous).to.deep.equal({ first_name: MASK, email: MASK, mobile_phone: MASK });
    for (const value of Object.values(PERSON)) expect(JSON.stringify(seen)).not.to.contain(value);
    // The record itself is left as it was.
    expect(change.payload.email).to.equal(PERSON.email);
  });

  it('shows an operator a record as it is', () => {
    const change = personalUpdate('1234');
    expect(presentRecord('operator', change)).to.deep.equal(personalUpdate('1234'));
  });

  it('scrubs personal values from free text for a viewer and keeps the rest', () => {
    const seen = presentText('viewer', FREE_TEXT);
    for (const value of [PERSON.email, PERSON.mobile_phone, PERSON.date_of_birth]) {
      expect(seen).not.to.contain(value);
    }
    expect(seen).to.contain('SafetyAmp 422');
    expect(seen).to.contain('emp_id 1234');
    expect(presentText('operator', FREE_TEXT)).to.equal(FREE_TEXT);
  });
});
