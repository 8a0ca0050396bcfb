import { ENTITY_TYPES } from '../../libs/domain/types.js';
import { awaitRun } from '../../libs/fleet/run/await-run.js';
import { requestRun, type RunRequest } from '../../libs/fleet/run/request-run.js';
import { startRunExecution, type RunExecution } from '../../libs/fleet/wiring/producer.js';
import { openStores } from '../../libs/fleet/wiring/stores.js';
import { startChangeApplication, type ChangeApplication } from '../../libs/fleet/wiring/worker.js';
import { RUNS_QUEUE } from '../../libs/queue/names.js';
import type { RunSummary } from '../../libs/state/run-records.js';
import type { RunReporter } from '../../libs/ops/run-report/index.js';
import type { FleetProcess } from './fleet-process.js';
import { runReporterFrom } from './run-report-wiring.js';

/**
 * Requests a run and waits for it to end. The run goes through the runs queue like every other, so it never
 * overlaps one: a producer executes it, or — with `inline`, or when no producer is alive — this process does, one
 * run at a time with the rest of the fleet. With `inline` this process also applies the jobs.
 */
export async function requestAndAwait(
  fleet: FleetProcess,
  request: RunRequest,
  options: { inline: boolean },
): Promise<RunSummary | null> {
  const { config, connections, logger } = fleet;
  const stores = openStores(connections.commands, config);
  let execution: RunExecution | null = null;
  let application: ChangeApplication | null = null;
  let reporter: RunReporter | null = null;
  try {
    const runId = await requestRun(stores.queues.runs, request);
    const producers = await stores.registry.aliveOn(RUNS_QUEUE);
    if (options.inline || producers.length === 0) {
      if (!options.inline) logger.info('no producer is running: this process executes the run', { runId });
      reporter = runReporterFrom(config, connections.commands, logger);
      execution = await startRunExecution(config, connections, {
        schedule: false,
        ...(reporter ? { observers: [reporter] } : {}),
      });
    }
    if (options.inline) application = startChangeApplication(config, connections, ENTITY_TYPES);
    logger.info('waiting for the run', { runId });
    return await awaitRun({ ...stores, connections }, runId);
  } finally {
    // The run has ended: nothing is active any more, so closing is quick (a job still active is handed back).
    await execution?.close(5_000);
    await application?.close(5_000);
    reporter?.close();
    await stores.queues.close().catch(() => undefined);
  }
}
