import type { SourceHealth } from '../../state/source-health.js';
import type { RunObserver } from './run-observer.js';

/** Records each source read of a plan in the fleet's source health, which every process's readiness reads. */
export function sourceHealthObserver(health: SourceHealth): RunObserver {
  return {
    sourcesRead: async (outcomes) => {
      for (const outcome of outcomes) {
        await health.record(outcome.source, {
          ok: outcome.ok,
          at: outcome.at,
          rows: outcome.rows,
          ...(outcome.error ? { error: outcome.error } : {}),
        });
      }
    },
  };
}
