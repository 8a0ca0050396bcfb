/** Exit codes several commands share, worded once. */
export const EXIT_START_FAILED = [
  2,
  'a bad flag; a missing or malformed variable (named); Redis unreachable or evicting keys at start',
] as const;

export const EXIT_STOPPED = [0, 'stopped cleanly after SIGTERM or SIGINT'] as const;

export const EXIT_STOP_FAILED = [
  1,
  'stopping took longer than WORKER_SHUTDOWN_TIMEOUT_MS or failed, or a second signal came',
] as const;

/** `fleet sync` and `fleet reconcile`: the run's status decides (libs/fleet/run/exit-code.ts). */
export const RUN_EXIT_CODES = [
  [0, 'the run completed: every record in step'],
  [1, 'the run ended completed_with_errors (invalid, failed or skipped records), blocked or timed_out'],
  [EXIT_START_FAILED[0], `${EXIT_START_FAILED[1]}; or the run failed`],
] as const;
