import { operatorOnly } from './request.js';
import { ok } from './response.js';

/** Pauses every fleet queue (in Redis, so it survives restarts): no run starts, no worker takes a write. */
export const pauseFleet = operatorOnly(async (ctx) => {
  await ctx.control.pause();
  return ok({ paused: await ctx.control.isPaused() });
});

/** Resumes every fleet queue. */
export const resumeFleet = operatorOnly(async (ctx) => {
  await ctx.control.resume();
  return ok({ paused: await ctx.control.isPaused() });
});
