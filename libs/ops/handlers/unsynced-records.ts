import { z } from 'zod';
import { ENTITY_TYPES } from '../../domain/types.js';
import { toCsv } from '../csv.js';
import { presentInvalidRecords } from '../invalid-records.js';
import { lastPlannedRun, RECENT_RUNS } from '../last-planned-run.js';
import type { OpsContext } from '../context.js';
import type { DashboardRole } from '../policy.js';
import { classifyReason } from '../reason-class.js';
import { groupByReason, unsyncedOfInvalid, type ReasonGroup, type UnsyncedRecord } from '../reason-groups.js';
import type { OpsHandler } from '../request.js';
import { errorResponse, ok } from '../response.js';
import { failedRecordOf, type FailedRecord } from './failed-records.js';

/** Failed jobs read per type for the groups and the download (kept FAILED_JOB_RETENTION_DAYS, else HISTORY_RETENTION_DAYS). */
const FAILED_PER_TYPE = 5_000;

export interface UnsyncedList {
  total: number;
  groups: ReasonGroup[];
}

export interface UnsyncedRecords {
  /** The run whose plan found the invalid records (the last planned one); null before any. */
  runId: string | null;
  invalid: UnsyncedList;
  failed: UnsyncedList;
}

async function failedRecords(ctx: OpsContext, role: DashboardRole): Promise<FailedRecord[]> {
  const perType = await Promise.all(
    ENTITY_TYPES.map(async (type) => {
      const queue = ctx.queues.entities[type];
      const jobs = await queue.getFailed(0, FAILED_PER_TYPE - 1);
      return jobs.filter((job) => job?.id).map((job) => failedRecordOf(type, queue.name, job, role));
    }),
  );
  return perType.flat();
}

function unsyncedOfFailedRecord(f: FailedRecord): UnsyncedRecord {
  return {
    kind: 'failed',
    type: f.type,
    key: f.key ?? f.jobId,
    field: classifyReason(f.reason),
    reason: f.reason,
  };
}

/**
 * The records the fleet could not sync, grouped by reason with counts: the invalid ones of the last planned run
 * (HR fixes them in Vista) and the failed jobs still kept (SafetyAmp refused them or could not be reached).
 */
export const getUnsyncedRecords: OpsHandler<UnsyncedRecords> = async (ctx, req) => {
  const { role } = req.actor;
  const [run, failed] = await Promise.all([
    ctx.runRecords.list(RECENT_RUNS).then(lastPlannedRun),
    failedRecords(ctx, role),
  ]);
  const invalid = run ? presentInvalidRecords(run, role) : [];
  return ok({
    runId: run?.runId ?? null,
    invalid: { total: invalid.length, groups: groupByReason(invalid.map(unsyncedOfInvalid), role) },
    failed: { total: failed.length, groups: groupByReason(failed.map(unsyncedOfFailedRecord), role) },
  });
};

export interface CsvDownload {
  filename: string;
  csv: string;
}

const ExportParams = z.object({ list: z.enum(['invalid', 'failed']) });

/** One list of unsynced records as CSV, every record with its reason as the role may see it. */
export const exportUnsyncedRecords: OpsHandler<CsvDownload> = async (ctx, req) => {
  const parsed = ExportParams.safeParse(req.params);
  if (!parsed.success) return errorResponse(404, 'not-found', 'The lists are invalid and failed.');
  const { role } = req.actor;
  if (parsed.data.list === 'invalid') {
    const run = lastPlannedRun(await ctx.runRecords.list(RECENT_RUNS));
    const rows = run ? presentInvalidRecords(run, role).map((r) => ({ ...r, run_id: run.runId })) : [];
    return ok({
      filename: 'invalid-records.csv',
      csv: toCsv(['type', 'key', 'field', 'reason', 'run_id'], rows),
    });
  }
  const rows = (await failedRecords(ctx, role)).map((f) => ({
    type: f.type,
    key: f.key,
    action: f.action,
    reason_class: classifyReason(f.reason),
    reason: f.reason,
    attempts: f.attemptsMade,
    failed_at: f.failedAt,
    run_id: f.runId,
    job_id: f.jobId,
  }));
  return ok({
    filename: 'failed-records.csv',
    csv: toCsv(
      ['type', 'key', 'action', 'reason_class', 'reason', 'attempts', 'failed_at', 'run_id', 'job_id'],
      rows,
    ),
  });
};
