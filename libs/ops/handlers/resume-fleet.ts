import { ok } from '../response.js';
import type { FleetPauseState } from './pause-fleet.js';
import { withPermission } from './with-permission.js';

/** Resumes every fleet queue. */
export const resumeFleet = withPermission('resume-fleet', async (ctx) => {
  await ctx.control.resume();
  return ok<FleetPauseState>({ paused: await ctx.control.isPaused() });
});
