import { Gauge, Pushgateway, Registry } from 'prom-client';
import { ENTITY_TYPES } from '../../domain/types.js';
import type { Logger } from '../../platform/logger.js';
import { metricsRegistry } from '../../platform/metrics.js';
import { SUCCESSFUL_RUN_STATUSES } from '../../state/fleet-counters.js';
import {
  FINAL_RUN_STATUSES,
  RUN_COUNTERS,
  type FinalRunStatus,
  type RunSummary,
} from '../../state/run-records.js';
import { runMetricKind } from './run-metrics.js';

/** The Pushgateway job every one-shot run pushes under; the grouping key is the run's kind. */
export const PUSH_JOB = 'safetyamp_sync';

/**
 * The metrics of one run a one-shot process executed (a CronJob's `fleet sync`), as gauges: its status, times,
 * records and SafetyAmp calls, with the process's own metrics (SafetyAmp and source requests, pool, Redis).
 */
export function runMetricsRegistry(summary: RunSummary): Registry {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []): Gauge =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const finished = summary.finishedAt ? Date.parse(summary.finishedAt) / 1000 : Date.now() / 1000;
  const started = Date.parse(summary.startedAt) / 1000;
  gauge('safetyamp_batch_run_finished_timestamp_seconds', 'When the pushed run ended').set(finished);
  gauge('safetyamp_batch_run_duration_seconds', 'How long the pushed run took').set(
    Math.max(0, finished - started),
  );
  const status = gauge(
    'safetyamp_batch_run_status',
    '1 for the final status of the pushed run, 0 for the others',
    ['status'],
  );
  for (const s of FINAL_RUN_STATUSES) status.set({ status: s }, summary.status === s ? 1 : 0);
  const records = gauge(
    'safetyamp_batch_run_records',
    'Records of the pushed run by entity type and outcome',
    ['type', 'outcome'],
  );
  for (const type of ENTITY_TYPES)
    for (const outcome of RUN_COUNTERS) records.set({ type, outcome }, summary[type][outcome]);
  gauge('safetyamp_batch_run_safetyamp_calls', 'SafetyAmp calls the pushed run made').set(
    summary.safetyampCalls,
  );
  // Pushed only by a run that did its work: pushAdd replaces same-named metrics only, so a failed run leaves the
  // last success where it was, and `time() - safetyamp_batch_last_success_timestamp_seconds` is the stall.
  if (SUCCESSFUL_RUN_STATUSES.includes(summary.status as FinalRunStatus)) {
    gauge(
      'safetyamp_batch_last_success_timestamp_seconds',
      'When the last pushed run that did its work (completed, or completed with errors) ended',
    ).set(finished);
  }
  return Registry.merge([registry, metricsRegistry]);
}

/**
 * Pushes the run's metrics to the Pushgateway at `url` (job `safetyamp_sync`, grouped by kind: sync, dry_run,
 * reconcile). A push that fails is logged and changes nothing else: the run's outcome stands.
 */
export async function pushRunMetrics(url: string, summary: RunSummary, logger: Logger): Promise<boolean> {
  const gateway = new Pushgateway(url, { timeout: 10_000 }, runMetricsRegistry(summary));
  const kind = runMetricKind(summary);
  try {
    await gateway.pushAdd({ jobName: PUSH_JOB, groupings: { kind } });
    logger.info('run metrics pushed', { pushgateway: url, job: PUSH_JOB, kind });
    return true;
  } catch (error) {
    logger.warn('could not push the run metrics to the Pushgateway', { pushgateway: url, error });
    return false;
  }
}
