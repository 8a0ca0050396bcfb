import { expect } from 'chai';
import { plannedChange } from '../../../libs/domain/plan/planned-change.js';
import type { PlannedChange } from '../../../libs/domain/types.js';
import { dependencyJobIds } from '../../../libs/fleet/apply/dependencies.js';
import { queuedJobId } from '../../../libs/fleet/run/enqueue-changes.js';
import { runExitCode } from '../../../libs/fleet/run/exit-code.js';
import { runDeadline } from '../../../libs/fleet/run/run-deadline.js';
import { ranBefore } from '../../../libs/queue/job-options.js';

const create = (type: PlannedChange['type'], key: string, payload: PlannedChange['payload']): PlannedChange =>
  plannedChange({ type, key, action: 'create', payload }, { payload });

describe('run pieces (plain inputs)', () => {
  it('exit code: 0 only for completed, 2 for a failed run, 1 for every other end', () => {
    expect(runExitCode({ status: 'completed' })).to.equal(0);
    expect(runExitCode({ status: 'failed' })).to.equal(2);
    for (const status of ['completed_with_errors', 'blocked', 'timed_out'] as const)
      expect(runExitCode({ status }), status).to.equal(1);
  });

  it('a change refers to the jobs of the creates of the same plan it references, and to nothing else', () => {
    const site = create('sites', '100.', { name: 'Plant', external_code: '100.' });
    const user = create('users', '7', { emp_id: '7', home_site_id: { $ref: 'sites', key: '100.' } });
    const orphan = create('users', '8', { emp_id: '8', home_site_id: { $ref: 'sites', key: '999.' } });
    const deps = dependencyJobIds([site, user, orphan], (c) => `job-of-${c.key}`);
    expect(deps.get(user)).to.deep.equal([{ type: 'sites', key: '100.', jobId: 'job-of-100.' }]);
    expect(deps.get(orphan)).to.deep.equal([]);
    expect(deps.get(site)).to.deep.equal([]);
  });

  it('a job id carries the change and the revision of the key it was planned against', () => {
    const change = create('users', 'A/1:2', { emp_id: 'A/1:2' });
    const first = queuedJobId(change, 0);
    expect(first).to.match(/^users\.A%2F1%3A2\.[0-9a-f]{16}\.r0$/);
    expect(first, 'no BullMQ key separator').not.to.contain(':');
    expect(queuedJobId(change, 0)).to.equal(first);
    expect(queuedJobId(change, 1)).not.to.equal(first);
  });

  it('a run deadline: from the start with a maximum, else twice the drain estimate, at least 15 minutes', () => {
    const startedAt = new Date('2026-01-01T00:00:00Z');
    const enqueuedAt = new Date('2026-01-01T00:01:00Z');
    const budget = { max: 60, windowMs: 60_000 };
    expect(
      runDeadline({ startedAt, enqueuedAt, calls: 10_000, budget, maxDurationMs: 45 * 60_000 }),
    ).to.deep.equal(new Date('2026-01-01T00:45:00Z'));
    expect(runDeadline({ startedAt, enqueuedAt, calls: 10, budget })).to.deep.equal(
      new Date('2026-01-01T00:16:00Z'),
    );
    // 3,600 calls at 1/s is an hour of drain: two hours after enqueueing.
    expect(runDeadline({ startedAt, enqueuedAt, calls: 3_600, budget })).to.deep.equal(
      new Date('2026-01-01T02:01:00Z'),
    );
  });

  it('a job ran before when an attempt failed or a worker lost it, not when it only waited', () => {
    expect(ranBefore({ attemptsMade: 0, stalledCounter: 0 })).to.equal(false);
    expect(ranBefore({ attemptsMade: 1, stalledCounter: 0 })).to.equal(true);
    expect(ranBefore({ attemptsMade: 0, stalledCounter: 1 })).to.equal(true);
  });
});
