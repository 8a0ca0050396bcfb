import { hostname } from 'node:os';
import type { WorkerRegistry } from '../../state/worker-registry.js';
import type { BreakerState } from '../../safetyamp/types.js';

export interface HeartbeatOptions {
  workerId: string;
  /** The queues this process takes jobs from. */
  queues: string[];
  concurrency: number;
  breakerState: () => BreakerState;
}

/** Announces the process to the dashboard (and to `fleet sync`) every 10 s until the returned stop is called. */
export function startHeartbeat(registry: WorkerRegistry, options: HeartbeatOptions): () => void {
  const startedAt = new Date().toISOString();
  const beat = (): void => {
    const state = options.breakerState();
    void registry
      .beat({
        workerId: options.workerId,
        host: hostname(),
        pid: process.pid,
        queues: options.queues,
        concurrency: options.concurrency,
        breaker: state === 'half-open' ? 'halfOpen' : state,
        startedAt,
        seenAt: new Date().toISOString(),
      })
      .catch(() => undefined);
  };
  beat();
  const timer = setInterval(beat, 10_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    void registry.remove(options.workerId).catch(() => undefined);
  };
}
