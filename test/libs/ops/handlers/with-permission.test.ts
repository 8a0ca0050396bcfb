import { expect } from 'chai';
import { ok, withPermission, type OpsContext, type OpsHandler } from '../../../../libs/ops/index.js';
import { OPERATOR, request, VIEWER } from '../real-ops-context.js';

describe('ops handlers: withPermission', () => {
  // The wrapped handler needs nothing of the context: an empty one shows the guard never reaches past itself.
  const ctx = {} as OpsContext;
  let calls: string[];
  const handler: OpsHandler<{ done: boolean }> = async (_ctx, req) => {
    calls.push(req.actor.name);
    return ok({ done: true });
  };
  const guarded = withPermission('pause-fleet', handler);

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
});
