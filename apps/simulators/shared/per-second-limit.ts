/**
 * A fixed one-second window: the first `perSecond` requests of each second pass, the rest are told how many
 * whole seconds to wait (what a `Retry-After` header carries).
 */
export function createPerSecondLimit(perSecond: number | undefined, now: () => number = Date.now) {
  let windowStart = 0;
  let used = 0;
  return {
    /** 0 when the request may go ahead, else the Retry-After seconds. */
    take(): number {
      if (!perSecond) return 0;
      const t = now();
      if (t - windowStart >= 1000) {
        windowStart = t;
        used = 0;
      }
      if (used < perSecond) {
        used += 1;
        return 0;
      }
      return Math.max(1, Math.ceil((windowStart + 1000 - t) / 1000));
    },
  };
}
