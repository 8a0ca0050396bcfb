import { QueueEvents } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { FLEET_SECTIONS, FleetRuntime } from '../../../libs/fleet/runtime.js';
import { loadConfig } from '../../../libs/platform/config.js';
import { configureLogging } from '../../../libs/platform/logger.js';
import { runJobOptions } from '../../../libs/queue/job-options.js';
import { RUNS_QUEUE } from '../../../libs/queue/names.js';
import { runExitCode } from '../../../libs/state/run-records.js';
import { formatSummary } from '../run-report.js';

/**
 * `fleet reconcile [--json]`: rebuilds the mirror from full SafetyAmp listings. It goes through the runs queue
 * (and is executed here) so that it never overlaps a sync run that is writing to the mirror.
 */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    strict: true,
  });
  const config = loadConfig(FLEET_SECTIONS);
  configureLogging({ level: config.logging.LOG_LEVEL, format: config.logging.LOG_FORMAT });
  const runtime = new FleetRuntime(config);
  try {
    await runtime.assertRedisReachable();
    const runId = `reconcile-${Date.now()}-${randomUUID().slice(0, 8)}`;
    const events = new QueueEvents(RUNS_QUEUE, {
      connection: runtime.events,
      prefix: config.redis.QUEUE_PREFIX,
    });
    await events.waitUntilReady();
    const job = await runtime.queues.runs.add(
      'reconcile',
      { kind: 'reconcile', trigger: 'cli' },
      { ...runJobOptions, attempts: 1, jobId: runId },
    );
    await runtime.startRunWorker();
    await job.waitUntilFinished(events).catch(() => undefined);
    await events.close();
    const summary = await runtime.runRecords.get(runId);
    if (!summary) return 2;
    process.stdout.write(values.json ? JSON.stringify(summary) + '\n' : formatSummary(summary));
    return runExitCode(summary);
  } finally {
    await runtime.close();
  }
}
