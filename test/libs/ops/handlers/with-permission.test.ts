import { expect } from 'chai';
import { ok, withPermission, type OpsContext, type OpsHandler } from '../../../../libs/ops/index.js';
import { OPERATOR, realOpsContext, request, VIEWER, type RealOpsContext } from '../real-ops-context.js';

describe('ops handlers: withPermission', () => {
  let real: RealOpsContext;
  let ctx: OpsContext;
  let calls: string[];
  const handler: OpsHandler<{ done: boolean }> = async (_ctx, req) => {
    calls.push(req.actor.name);
    return ok({ done: true });
  };
  const guarded = withPermission('pause-fleet', handler);

  before(() => {
    real = realOpsContext();
    ctx = real.ctx;
  });
  after(async () => real.close());
  beforeEach(() => {
    calls = [];
  });

  it('names the action it guards', () => {
    expect(guarded.action).to.equal('pause-fleet');
  });

  it('runs the handler for a role that may take the action', async () => {
    expect(await guarded(ctx, request(OPERATOR))).to.deep.equal({ status: 200, body: { done: true } });
    expect(calls).to.deep.equal(['olivia']);
  });

  it('refuses a role that may not with 403 forbidden, without running the handler', async () => {
    expect(await guarded(ctx, request(VIEWER))).to.deep.equal({
      status: 403,
      body: { error: { key: 'forbidden', message: 'The viewer role may not pause the fleet.' } },
    });
    expect(calls).to.deep.equal([]);
  });

  it('records who took or was refused the action, on what, and how it was answered, newest first', async () => {
    await guarded(ctx, request(OPERATOR, { params: { type: 'users', jobId: 'update-users-7' } }));
    await guarded(ctx, request(VIEWER));
    const log = await ctx.actions.recent();
    expect(log.map(({ at: _at, ...rest }) => rest).slice(0, 2)).to.deep.equal([
      { actor: 'victor', role: 'viewer', action: 'pause-fleet', target: '', status: 403 },
      {
        actor: 'olivia',
        role: 'operator',
        action: 'pause-fleet',
        target: 'users/update-users-7',
        status: 200,
      },
    ]);
    expect(Date.parse(log[0]?.at ?? '')).to.be.closeTo(Date.now(), 60_000);
  });
});
