import { ok } from '../response.js';
import { withPermission } from './with-permission.js';

/** Whether the fleet is paused, after a pause or a resume. */
export interface FleetPauseState {
  paused: boolean;
}

/** Pauses every fleet queue (in Redis, so it survives restarts): no run starts, no worker takes a write. */
export const pauseFleet = withPermission('pause-fleet', async (ctx) => {
  await ctx.control.pause();
  return ok<FleetPauseState>({ paused: await ctx.control.isPaused() });
});
