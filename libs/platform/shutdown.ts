import type { Logger } from './logger.js';

/**
 * Runs `stop` once on the first SIGTERM/SIGINT, bounded by `timeoutMs` (kept below the pod's termination grace
 * period); a second signal or the bound exits at once. Exit code 0 when `stop` finished in time.
 */
export function onShutdown(
  logger: Logger,
  timeoutMs: number,
  stop: () => Promise<void>,
): { stopping(): boolean } {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn('second signal: exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    logger.info('shutting down', { signal, timeoutMs });
    const timer = setTimeout(() => {
      logger.error('shutdown took too long: exiting', { timeoutMs });
      process.exit(1);
    }, timeoutMs + 2_000);
    timer.unref();
    stop().then(
      () => {
        logger.info('stopped cleanly');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error('shutdown failed', { error: err });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return { stopping: () => stopping };
}
