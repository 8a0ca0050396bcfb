import { DelayedError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EntityType, PlannedChange } from '../domain/types.js';
import type { Logger } from '../platform/logger.js';
import type { AuditTrail } from '../state/audit-trail.js';
import type { FleetQueues } from '../queue/fleet-queues.js';
import type { EntityJobData, EntityJobResult } from '../queue/job-types.js';
import type { Mirror } from '../state/mirror.js';
import type { RunRecords } from '../state/run-records.js';
import {
  SafetyAmpNotFound,
  SafetyAmpRateLimited,
  SafetyAmpValidationError,
  type SafetyAmpClient,
} from '../safetyamp/index.js';
import { refsOf } from './dependencies.js';
import { permanentFailure } from '../queue/failure-reasons.js';
import type { RecordReplan } from './planner.js';

export interface ChangeApplierDeps {
  client: SafetyAmpClient;
  /** For one transaction per write: mirror, audit trail and run counts together. */
  redis: Redis;
  mirror: Mirror;
  audit: AuditTrail;
  runRecords: RunRecords;
  queues: FleetQueues;
  replan: (type: EntityType, key: string) => Promise<RecordReplan>;
  /** Stops this worker taking jobs for `ms` and hands the job back without spending an attempt (BullMQ). */
  rateLimited: (ms: number) => Promise<Error>;
  now: () => Date;
  logger: Logger;
  /** How long a job whose dependency is still queued waits before it looks again. */
  dependencyDelayMs?: number;
}

type Written = { id: number | string } & Record<string, unknown>;

/**
 * Applies one planned change to SafetyAmp: the processor of every entity queue. A job that ran before (a retry,
 * a manual retry from the dashboard, a job recovered after its worker died) is planned again from current source
 * data first, so that what is written is what the source says now, and a create that may have landed is looked
 * up instead of sent twice.
 */
export class ChangeApplier {
  constructor(private readonly deps: ChangeApplierDeps) {}

  async apply(job: Job<EntityJobData, EntityJobResult>, token?: string): Promise<EntityJobResult> {
    const { runId } = job.data;
    let change = job.data.change;
    const starts = job.attemptsStarted - (job.data.dependencyWaits ?? 0);
    const ranBefore = job.attemptsMade > 0 || starts > 1;
    let replanned = false;
    if (ranBefore) {
      const replan = await this.deps.replan(change.type, change.key);
      if (replan.kind === 'invalid') throw permanentFailure('invalid', `${replan.field}: ${replan.reason}`);
      if (replan.kind === 'unchanged') {
        await this.deps.runRecords.increment(runId, change.type, 'unchanged');
        return { outcome: 'unchanged', id: change.id ?? '', fields: [], replanned: true };
      }
      change = replan.change;
      replanned = true;
    }
    const body = await this.resolveReferences(job, change, token);
    try {
      const written = await this.write(change, body, starts > 1);
      await this.record(job, change, body, written);
      return {
        outcome: outcomeOf(change),
        id: written.id,
        fields: Object.keys(body),
        replanned,
      };
    } catch (err) {
      throw await this.translate(err, change);
    }
  }

  /** Replaces references to records created in the same run by their SafetyAmp ids, waiting for them if needed. */
  private async resolveReferences(
    job: Job<EntityJobData, EntityJobResult>,
    change: PlannedChange,
    token?: string,
  ): Promise<Record<string, unknown>> {
    const body: Record<string, unknown> = { ...change.payload };
    for (const { field, ref } of refsOf(change.payload)) {
      let id = await this.deps.mirror.idOf(ref.$ref, ref.key);
      if (id === null) {
        const dependency = job.data.dependsOn.find((d) => d.type === ref.$ref && d.key === ref.key);
        const queue = this.deps.queues.entities[ref.$ref];
        const state = dependency ? await queue.getJobState(dependency.jobId) : 'unknown';
        if (state === 'failed') {
          const failed = dependency ? await queue.getJob(dependency.jobId) : undefined;
          throw permanentFailure(
            'dependency',
            `${field}: ${ref.$ref} ${ref.key} could not be created (${failed?.failedReason ?? 'failed'})`,
          );
        }
        if (state !== 'completed' && state !== 'unknown') {
          await job.updateData({ ...job.data, dependencyWaits: (job.data.dependencyWaits ?? 0) + 1 });
          await job.moveToDelayed(this.deps.now().getTime() + (this.deps.dependencyDelayMs ?? 2_000), token);
          throw new DelayedError();
        }
        id = await this.deps.mirror.idOf(ref.$ref, ref.key);
        if (id === null)
          throw permanentFailure(
            'dependency',
            `${field}: ${ref.$ref} ${ref.key} does not exist in SafetyAmp`,
          );
      }
      body[field] = id;
    }
    return body;
  }

  private async write(
    change: PlannedChange,
    body: Record<string, unknown>,
    lookupFirst: boolean,
  ): Promise<Written> {
    const { client } = this.deps;
    const once = { lookupFirst };
    const id = change.id;
    type Body = Parameters<SafetyAmpClient['createUser']>[0];
    const as = <T>(value: unknown): T => value as T;
    if (change.action === 'create') {
      switch (change.type) {
        case 'clusters':
          return as<Written>(await client.createClusterOnce(as(body), once));
        case 'sites':
          return as<Written>(await client.createSiteOnce(as(body), once));
        case 'titles':
          return as<Written>(await client.createTitleOnce(as(body), once));
        case 'users':
          return as<Written>(await client.createUserOnce(as<Body>(body), once));
        case 'assets':
          return as<Written>(await client.createAssetOnce(as(body), once));
      }
    }
    if (id === undefined) throw permanentFailure('missing', `${change.action} without a SafetyAmp id`);
    switch (change.type) {
      case 'clusters':
        return as<Written>(await client.updateCluster(Number(id), as(body)));
      case 'sites':
        return as<Written>(await client.updateSite(Number(id), as(body)));
      case 'titles':
        throw permanentFailure('missing', 'titles are never updated');
      case 'users':
        return as<Written>(await client.updateUser(String(id), as(body)));
      case 'assets':
        return as<Written>(await client.updateAsset(Number(id), as(body)));
    }
  }

  /** Mirror, audit trail and run counts after a successful write. */
  private async record(
    job: Job<EntityJobData, EntityJobResult>,
    change: PlannedChange,
    body: Record<string, unknown>,
    written: Written,
  ): Promise<void> {
    // A create has no mirrored record to merge with (an adopted one was not in the mirror either).
    const previous =
      change.action === 'create'
        ? {}
        : ((await this.deps.mirror.get<Record<string, unknown>>(change.type, written.id)) ?? {});
    // A PATCH answer may carry only part of the record: keep what the mirror knew, then what was sent, then the answer.
    const merged = { ...previous, ...body, ...written } as Written;
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [field, to] of Object.entries(body))
      changes[field] = { from: change.previous?.[field] ?? previous[field] ?? null, to };
    const multi = this.deps.redis.multi();
    this.deps.mirror.putInto(multi, change.type, change.key, merged);
    this.deps.audit.appendInto(multi, {
      at: this.deps.now().toISOString(),
      runId: job.data.runId,
      type: change.type,
      key: change.key,
      action: change.action,
      safetyampId: written.id,
      changes,
      jobId: String(job.id),
    });
    this.deps.runRecords.incrementInto(multi, job.data.runId, change.type, countedAs(change));
    await multi.exec();
    this.deps.logger.info('applied', {
      runId: job.data.runId,
      entityType: change.type,
      entityKey: change.key,
      action: change.action,
      fields: Object.keys(body),
    });
  }

  /** Turns client errors into BullMQ's vocabulary: retry later, fail now, or hand back without an attempt. */
  private async translate(err: unknown, change: PlannedChange): Promise<unknown> {
    if (err instanceof SafetyAmpRateLimited) return this.deps.rateLimited(err.retryAfterMs);
    if (err instanceof SafetyAmpValidationError) {
      const fields = Object.entries(err.fields ?? {}).map(([f, m]) => `${f}: ${m.join(' ')}`);
      return permanentFailure('rejected', fields.length ? fields.join('; ') : err.message);
    }
    if (err instanceof SafetyAmpNotFound)
      return permanentFailure(
        'missing',
        `${change.type} ${change.key} (id ${String(change.id)}) no longer exists in SafetyAmp; run \`fleet reconcile\``,
      );
    return err;
  }
}

function outcomeOf(change: PlannedChange): EntityJobResult['outcome'] {
  return change.action === 'create' ? 'created' : change.action === 'update' ? 'updated' : 'deactivated';
}

function countedAs(change: PlannedChange): 'created' | 'updated' | 'deactivated' {
  return outcomeOf(change) as 'created' | 'updated' | 'deactivated';
}
