import { expect } from 'chai';
import { pauseFleet, resumeFleet } from '../../../../libs/ops/index.js';
import {
  bodyOf,
  errorKeyOf,
  OPERATOR,
  realOpsContext,
  request,
  VIEWER,
  type RealOpsContext,
} from '../real-ops-context.js';

describe('ops handlers: pause and resume the fleet', () => {
  let r: RealOpsContext;
  beforeEach(() => {
    r = realOpsContext();
  });
  afterEach(async () => r.close());

  it('pauses every queue for an operator and resumes them', async () => {
    expect(bodyOf(await pauseFleet(r.ctx, request(OPERATOR)))).to.deep.equal({ paused: true });
    expect(await r.ctx.control.isPaused()).to.equal(true);
    expect(await r.ctx.queues.entities.users.isPaused()).to.equal(true);
    expect(bodyOf(await resumeFleet(r.ctx, request(OPERATOR)))).to.deep.equal({ paused: false });
    expect(await r.ctx.control.isPaused()).to.equal(false);
  });

  it('refuses a viewer a pause and a resume with 403 forbidden, and changes nothing', async () => {
    const pause = await pauseFleet(r.ctx, request(VIEWER));
    expect([pause.status, errorKeyOf(pause)]).to.deep.equal([403, 'forbidden']);
    expect(await r.ctx.control.isPaused()).to.equal(false);
    await r.ctx.control.pause();
    const resume = await resumeFleet(r.ctx, request(VIEWER));
    expect([resume.status, errorKeyOf(resume)]).to.deep.equal([403, 'forbidden']);
    expect(await r.ctx.control.isPaused()).to.equal(true);
  });
});
