import { appRoutes } from '@bull-board/api/dist/routes.js';
import { expect } from 'chai';
import { boardActionOf, BOARD_ACTIONS } from '../../../apps/dashboard/board/board-actions.js';
import { boardRefusal, presentBoardFreeText } from '../../../apps/dashboard/board/board-hooks.js';
import { ROLES } from '../../../libs/ops/index.js';
import { PERSON } from '../../support/dashboard-fixtures.js';

/** The writes the dashboard lets through Bull Board, written out by hand, with the action each is. */
const EXPECTED_WRITES: Record<string, string> = {
  'put /api/queues/:queueName/:jobId/retry': 'retry-jobs',
  'put /api/queues/:queueName/retry/:queueStatus': 'retry-jobs',
  'put /api/queues/:queueName/:jobId/promote': 'promote-jobs',
  'put /api/queues/:queueName/promote': 'promote-jobs',
  'put /api/queues/:queueName/:jobId/clean': 'clean-jobs',
  'put /api/queues/:queueName/clean/:queueStatus': 'clean-jobs',
  'put /api/queues/:queueName/pause': 'pause-queues',
  'put /api/queues/pause': 'pause-queues',
  'put /api/queues/:queueName/resume': 'resume-queues',
  'put /api/queues/resume': 'resume-queues',
};

/** Every route Bull Board declares (the board has no metrics-history provider, so none of those), as pairs. */
function bullBoardRoutes(): [string, string][] {
  return appRoutes.api.flatMap((r) =>
    [r.method]
      .flat()
      .flatMap((method) => [r.route].flat().map((route) => [method, route] as [string, string])),
  );
}

describe('dashboard: Bull Board under the role policy (plain inputs)', () => {
  const routes = bullBoardRoutes();
  const writes = routes.filter(([method]) => method !== 'get');

  it('knows each write route the dashboard lets through, and Bull Board still declares them all', () => {
    const declared = new Set(writes.map(([m, r]) => `${m} ${r}`));
    for (const write of Object.keys(EXPECTED_WRITES)) expect(declared.has(write), write).to.equal(true);
    for (const [method, route] of writes) {
      expect(boardActionOf(method, route), `${method} ${route}`).to.equal(
        EXPECTED_WRITES[`${method} ${route}`] ?? null,
      );
    }
    expect([...BOARD_ACTIONS].sort()).to.deep.equal([...new Set(Object.values(EXPECTED_WRITES))].sort());
  });

  it('lets every role read everything', () => {
    for (const role of ROLES) {
      for (const [method, route] of routes.filter(([m]) => m === 'get')) {
        expect(boardRefusal(role, method, route), `${role} ${route}`).to.equal(null);
      }
    }
  });

  it('lets an operator make exactly the listed writes and refuses the others as no dashboard action', () => {
    for (const [method, route] of writes) {
      const refusal = boardRefusal('operator', method, route);
      if (EXPECTED_WRITES[`${method} ${route}`]) expect(refusal, `${method} ${route}`).to.equal(null);
      else expect(refusal, `${method} ${route}`).to.match(/^Not from the dashboard/);
    }
  });

  it('refuses a viewer every write, naming the action when it is one', () => {
    for (const [method, route] of writes)
      expect(boardRefusal('viewer', method, route), route).to.be.a('string');
    expect(boardRefusal('viewer', 'put', '/api/queues/:queueName/:jobId/retry')).to.equal(
      'The viewer role may not retry jobs.',
    );
  });

  it("scrubs a job's free text (failure reason, stack trace, logs) for a viewer, not its other fields", () => {
    const job = {
      name: `update users ${PERSON.email}`,
      failedReason: `email ${PERSON.email} taken`,
      stacktrace: [`Error: phone ${PERSON.mobile_phone}`],
    };
    const seen = presentBoardFreeText('viewer', { job }, false) as { job: typeof job };
    expect(seen.job.failedReason).to.equal('email ***@*** taken');
    expect(seen.job.stacktrace).to.deep.equal(['Error: phone ***']);
    // Job names carry keys, not personal values; they are not free text.
    expect(seen.job.name).to.equal(job.name);
    const logs = presentBoardFreeText('viewer', { logs: [`sent ${PERSON.email}`], count: 1 }, true);
    expect(logs).to.deep.equal({ logs: ['sent ***@***'], count: 1 });
    expect(presentBoardFreeText('operator', { job }, false)).to.deep.equal({ job });
  });
});
