import { expect } from 'chai';
import { WaitingLine } from '../../../libs/safetyamp/waiting-line.js';

const settled = async <T>(p: Promise<T>): Promise<'pending' | T> =>
  Promise.race([p, new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')))]);

describe('the waiting line of one process (plain inputs)', () => {
  it('lets callers ask side by side while no one is the head', async () => {
    const line = new WaitingLine();
    expect(await line.turn()).to.equal(false);
    expect(await line.turn()).to.equal(false);
  });

  it('makes one caller the head once Redis says wait, and lines the others up behind it', async () => {
    const line = new WaitingLine();
    expect(line.becomeHead()).to.equal(true);
    expect(line.becomeHead(), 'a second head').to.equal(false);
    const second = line.turn();
    const third = line.turn();
    expect(await settled(second)).to.equal('pending');
    // The head got its slot and no slot is free: the headship passes to the next in line, one at a time.
    line.headDone(false);
    expect(await settled(second)).to.equal(true);
    expect(await settled(third)).to.equal('pending');
    line.headDone(false);
    expect(await settled(third)).to.equal(true);
  });

  it('lets the whole line ask again when the head found more slots free', async () => {
    const line = new WaitingLine();
    line.becomeHead();
    const waiting = [line.turn(), line.turn(), line.turn()];
    line.headDone(true);
    expect(await Promise.all(waiting)).to.deep.equal([false, false, false]);
    expect(line.becomeHead(), 'no head left').to.equal(true);
  });

  it('takes a caller that gives up out of the line', async () => {
    const line = new WaitingLine();
    line.becomeHead();
    const controller = new AbortController();
    const leaving = line.turn(controller.signal);
    const staying = line.turn();
    controller.abort(new Error('caller gave up'));
    let reason: unknown;
    await leaving.catch((err: unknown) => (reason = err));
    expect((reason as Error).message).to.equal('caller gave up');
    line.headDone(false);
    expect(await settled(staying), 'the next caller, not the one who left, is the head').to.equal(true);
  });
});
