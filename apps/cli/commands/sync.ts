import { QueueEvents } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { FLEET_SECTIONS, FleetRuntime } from '../../../libs/fleet/runtime.js';
import { loadConfig } from '../../../libs/platform/config.js';
import { configureLogging, createLogger } from '../../../libs/platform/logger.js';
import type { RunJobData } from '../../../libs/queue/job-types.js';
import { runJobOptions } from '../../../libs/queue/job-options.js';
import { RUNS_QUEUE } from '../../../libs/queue/names.js';
import { runExitCode } from '../../../libs/state/run-records.js';
import { parseTypes } from './worker.js';
import { formatPlan, formatSummary, planReport } from '../run-report.js';

/**
 * `fleet sync [--entities a,b] [--dry-run] [--wait] [--inline] [--json]`: plans one run now.
 * Exit 0 all synced, 1 some records failed or were invalid, 2 configuration or connection error.
 */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      entities: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      wait: { type: 'boolean', default: false },
      inline: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const types = parseTypes(values.entities);
  const config = loadConfig(FLEET_SECTIONS);
  configureLogging({ level: config.logging.LOG_LEVEL, format: config.logging.LOG_FORMAT });
  const log = createLogger('sync');
  const runtime = new FleetRuntime(config);
  const print = (text: string): void => void process.stdout.write(text);
  try {
    await runtime.assertRedisReachable();
    if (values['dry-run']) {
      // Planned here, from the sources and the mirror; nothing is enqueued and SafetyAmp is not written to.
      if (await runtime.mirror.isEmpty()) await runtime.reconcile();
      const report = planReport(await runtime.planner.plan(types));
      print(values.json ? JSON.stringify(report) + '\n' : formatPlan(report));
      return report.blocked.length || report.invalid.length ? 1 : 0;
    }
    const runId = `run-${Date.now()}-${randomUUID().slice(0, 8)}`;
    const data: RunJobData = { kind: 'sync', trigger: 'cli', types };
    const events = new QueueEvents(RUNS_QUEUE, {
      connection: runtime.events,
      prefix: config.redis.QUEUE_PREFIX,
    });
    await events.waitUntilReady();
    const job = await runtime.queues.runs.add('sync', data, { ...runJobOptions, attempts: 1, jobId: runId });
    if (values.inline) {
      await runtime.startRunWorker();
      runtime.startEntityWorkers();
    }
    if (!values.wait && !values.inline) {
      print(values.json ? JSON.stringify({ runId }) + '\n' : `run ${runId} queued\n`);
      await events.close();
      return 0;
    }
    log.info('waiting for the run', { runId });
    await job.waitUntilFinished(events).catch(() => undefined);
    await events.close();
    const summary = await runtime.runRecords.get(runId);
    if (!summary) {
      print(
        values.json
          ? JSON.stringify({ runId, status: 'failed', error: 'run record missing' }) + '\n'
          : `run ${runId}: no record\n`,
      );
      return 2;
    }
    print(values.json ? JSON.stringify(summary) + '\n' : formatSummary(summary));
    return runExitCode(summary);
  } finally {
    await runtime.close();
  }
}
