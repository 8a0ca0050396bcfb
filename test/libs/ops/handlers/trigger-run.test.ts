import { expect } from 'chai';
import { isFailure, parseRunSelection, triggerReconcile, triggerRun } from '../../../../libs/ops/index.js';
import {
  errorKeyOf,
  OPERATOR,
  realOpsContext,
  request,
  VIEWER,
  type RealOpsContext,
} from '../real-ops-context.js';

describe('ops handlers: trigger a run or a reconcile', () => {
  describe('reading which run is asked for (plain inputs)', () => {
    it('puts the chosen types in dependency order, once each; none or empty means all', () => {
      expect(parseRunSelection({ types: ['users', 'sites', 'users'] })).to.deep.equal({
        types: ['sites', 'users'],
        dryRun: false,
      });
      expect(parseRunSelection({})).to.deep.equal({ types: null, dryRun: false });
      expect(parseRunSelection(undefined)).to.deep.equal({ types: null, dryRun: false });
      expect(parseRunSelection({ types: [] })).to.deep.equal({ types: null, dryRun: false });
      expect(parseRunSelection({ types: '' })).to.deep.equal({ types: null, dryRun: false });
    });

    it('reads form fields: a comma-separated list, repeated fields, checkbox values', () => {
      expect(parseRunSelection({ types: 'assets, titles', dryRun: 'on' })).to.deep.equal({
        types: ['titles', 'assets'],
        dryRun: true,
      });
      expect(parseRunSelection({ types: 'users', dryRun: 'true' })?.dryRun).to.equal(true);
      expect(parseRunSelection({ dryRun: true })?.dryRun).to.equal(true);
      expect(parseRunSelection({ dryRun: 'no' })?.dryRun).to.equal(false);
    });

    it('refuses a type the fleet does not sync', () => {
      expect(parseRunSelection({ types: ['people'] })).to.equal(null);
      expect(parseRunSelection({ types: 'users,people' })).to.equal(null);
      expect(parseRunSelection({ types: 42 })).to.equal(null);
    });
  });

  describe('against Redis', () => {
    let r: RealOpsContext;
    beforeEach(() => {
      r = realOpsContext();
    });
    afterEach(async () => r.close());

    it('queues a run job named after the operator, with the chosen types', async () => {
      const result = await triggerRun(r.ctx, request(OPERATOR, { body: { types: 'users', dryRun: 'on' } }));
      expect(result.status).to.equal(202);
      if (isFailure(result)) throw new Error(result.body.error.message);
      expect(result.body).to.include({ kind: 'sync', dryRun: true });
      expect(result.body.types).to.deep.equal(['users']);
      const job = await r.ctx.queues.runs.getJob(result.body.runId);
      expect(job?.data).to.deep.equal({
        kind: 'sync',
        trigger: 'dashboard',
        requestedBy: 'olivia',
        types: ['users'],
        dryRun: true,
      });
    });

    it('answers 400 invalid-request for an unknown type and queues nothing', async () => {
      const result = await triggerRun(r.ctx, request(OPERATOR, { body: { types: ['people'] } }));
      expect(result.status).to.equal(400);
      expect(errorKeyOf(result)).to.equal('invalid-request');
      expect(await r.ctx.queues.runs.count()).to.equal(0);
    });

    it('queues a reconcile', async () => {
      const result = await triggerReconcile(r.ctx, request(OPERATOR));
      if (isFailure(result)) throw new Error(result.body.error.message);
      expect(result.body).to.deep.include({ kind: 'reconcile', types: null, dryRun: false });
      expect((await r.ctx.queues.runs.getJob(result.body.runId))?.name).to.equal('reconcile');
    });

    it('refuses a viewer a run and a reconcile with 403 forbidden, and queues nothing', async () => {
      for (const handler of [triggerRun, triggerReconcile]) {
        const result = await handler(r.ctx, request(VIEWER, { body: {} }));
        expect(result.status, handler.action).to.equal(403);
        expect(errorKeyOf(result), handler.action).to.equal('forbidden');
      }
      expect(await r.ctx.queues.runs.count()).to.equal(0);
    });
  });
});
