import { expect } from 'chai';
import {
  failedRecordOf,
  listFailedRecords,
  retryFailedRecord,
  type FailedJob,
} from '../../../../libs/ops/index.js';
import { PERSON, seedFailedJob, userJobData } from '../../../support/dashboard-fixtures.js';
import {
  bodyOf,
  errorKeyOf,
  OPERATOR,
  realOpsContext,
  request,
  VIEWER,
  type RealOpsContext,
} from '../real-ops-context.js';

const REASON = `SafetyAmp 422: email ${PERSON.email} has already been taken`;

describe('ops handlers: failed records', () => {
  describe('one failed job as a role sees it (plain inputs)', () => {
    const job: FailedJob = {
      id: 'update-users-1234',
      name: 'update users 1234',
      failedReason: REASON,
      attemptsMade: 3,
      finishedOn: Date.parse('2026-01-02T03:04:05.000Z'),
      data: userJobData('run-1', '1234'),
    };

    it('shows an operator what, whom, which run, why, how often and when', () => {
      expect(failedRecordOf('users', 'sync-users', job, 'operator')).to.deep.equal({
        type: 'users',
        queue: 'sync-users',
        jobId: 'update-users-1234',
        name: 'update users 1234',
        action: 'update',
        key: '1234',
        runId: 'run-1',
        reason: REASON,
        attemptsMade: 3,
        failedAt: '2026-01-02T03:04:05.000Z',
      });
    });

    it('scrubs the reason for a viewer and shows the rest; a job without data or time shows nulls', () => {
      const seen = failedRecordOf('users', 'sync-users', job, 'viewer');
      expect(seen.reason).to.equal('SafetyAmp 422: email ***@*** has already been taken');
      expect(seen.key).to.equal('1234');
      const bare = failedRecordOf(
        'users',
        'sync-users',
        { ...job, data: undefined, finishedOn: undefined },
        'viewer',
      );
      expect(bare).to.include({ action: null, key: null, runId: null, failedAt: null });
    });
  });

  describe('against Redis', () => {
    let r: RealOpsContext;
    let jobId: string;
    before(async () => {
      r = realOpsContext();
      const job = await seedFailedJob(
        r.ctx.queues.entities.users,
        'update users 1234',
        userJobData('run-1', '1234'),
        REASON,
      );
      jobId = String(job.id);
    });
    after(async () => r.close());

    it('lists the failed jobs of one type or of all, the reason scrubbed for a viewer', async () => {
      const own = bodyOf(await listFailedRecords(r.ctx, request(OPERATOR))).failed;
      expect(own.map((f) => [f.jobId, f.reason])).to.deep.equal([[jobId, REASON]]);
      const seen = bodyOf(
        await listFailedRecords(r.ctx, request(VIEWER, { query: { type: 'users' } })),
      ).failed;
      expect(seen).to.have.length(1);
      expect(seen[0]?.reason).not.to.contain(PERSON.email);
      expect(
        bodyOf(await listFailedRecords(r.ctx, request(OPERATOR, { query: { type: 'sites' } }))).failed,
      ).to.deep.equal([]);
      const bad = await listFailedRecords(r.ctx, request(OPERATOR, { query: { type: 'people' } }));
      expect([bad.status, errorKeyOf(bad)]).to.deep.equal([400, 'invalid-request']);
    });

    it('refuses a viewer a retry with 403 forbidden and leaves the job failed', async () => {
      const result = await retryFailedRecord(r.ctx, request(VIEWER, { params: { type: 'users', jobId } }));
      expect([result.status, errorKeyOf(result)]).to.deep.equal([403, 'forbidden']);
      expect(await (await r.ctx.queues.entities.users.getJob(jobId))?.getState()).to.equal('failed');
    });

    it('answers 400 without a type, 404 for a job it does not hold', async () => {
      const noType = await retryFailedRecord(r.ctx, request(OPERATOR, { body: { jobId } }));
      expect([noType.status, errorKeyOf(noType)]).to.deep.equal([400, 'invalid-request']);
      const missing = await retryFailedRecord(
        r.ctx,
        request(OPERATOR, { params: { type: 'users', jobId: 'nope' } }),
      );
      expect([missing.status, errorKeyOf(missing)]).to.deep.equal([404, 'job-not-found']);
    });

    it('sends a failed job back to waiting for an operator, then answers 409 as it is no longer failed', async () => {
      const result = await retryFailedRecord(r.ctx, request(OPERATOR, { body: { type: 'users', jobId } }));
      expect(result.status).to.equal(202);
      expect(bodyOf(result)).to.deep.equal({ type: 'users', jobId, state: 'waiting' });
      const again = await retryFailedRecord(r.ctx, request(OPERATOR, { params: { type: 'users', jobId } }));
      expect([again.status, errorKeyOf(again)]).to.deep.equal([409, 'job-not-failed']);
    });
  });
});
