import { DelayedError, type Job } from 'bullmq';
import type { EntityType, PlannedChange } from '../../domain/types.js';
import type { Logger } from '../../platform/logger.js';
import { permanentFailure } from '../../queue/failure-reasons.js';
import { ranBefore } from '../../queue/job-options.js';
import type { EntityJobData, EntityJobResult } from '../../queue/job-types.js';
import {
  SafetyAmpCircuitOpen,
  SafetyAmpNotFound,
  SafetyAmpRateLimited,
  SafetyAmpValidationError,
} from '../../safetyamp/index.js';
import type { AuditTrail } from '../../state/audit-trail.js';
import type { CreateIntents } from '../../state/create-intents.js';
import type { RecordReplan } from '../run/planner.js';
import { resolveReferences, type ReferenceDeps } from './resolve-references.js';
import { writeChange, type SafetyAmpWrites, type WrittenRecord } from './write-change.js';
import type { RedisClient } from '../../platform/redis-client.js';

export interface ChangeApplierDeps extends ReferenceDeps {
  client: SafetyAmpWrites;
  /** For one transaction per write: mirror, audit trail and the create intent together. */
  redis: RedisClient;
  audit: AuditTrail;
  intents: CreateIntents;
  /** Plans one record again from current source data. */
  replan: (type: EntityType, key: string) => Promise<RecordReplan>;
  logger: Logger;
  /** How long a job waits while the circuit breaker around SafetyAmp is open. */
  breakerDelayMs: number;
}

type Outcome = EntityJobResult['outcome'];

/**
 * Applies one planned change to SafetyAmp: the processor of every entity queue. A job that ran before (a retry, a
 * manual retry from the dashboard, a job recovered after its worker died) is planned again from current source
 * data first, so that what is written is what the source says now. A create opens a durable intent before it is
 * sent; with an intent left open by an earlier attempt it looks the record up instead of sending it twice.
 */
export class ChangeApplier {
  constructor(private readonly deps: ChangeApplierDeps) {}

  async apply(job: Job<EntityJobData, EntityJobResult>, token?: string): Promise<EntityJobResult> {
    let change = job.data.change;
    let replanned = false;
    const replan = async (): Promise<EntityJobResult | null> => {
      const next = await this.deps.replan(change.type, change.key);
      replanned = true;
      if (next.kind === 'invalid') throw permanentFailure('invalid', `${next.field}: ${next.reason}`);
      if (next.kind === 'unchanged') return this.recordUnchanged(job, change);
      change = next.change;
      return null;
    };
    if (ranBefore(job)) {
      const done = await replan();
      if (done) return done;
    }
    try {
      let lookupFirst = ranBefore(job);
      // References first: a job put back to wait for a dependency must not leave an intent behind.
      let body = await resolveReferences(this.deps, job, change, token);
      if (change.action === 'create') {
        const guard = await this.deps.intents.open(change.type, change.key, {
          fingerprint: change.fingerprint,
          jobId: String(job.id),
          openedAt: this.deps.now().toISOString(),
        });
        if (guard.kind === 'exists') {
          // Created meanwhile (by another job of the same key): what is left to do is an update, or nothing.
          if (replanned)
            throw new Error(`${change.type} ${change.key} was created while this job ran; retrying`);
          const done = await replan();
          if (done) return done;
          if (change.action === 'create')
            throw new Error(`${change.type} ${change.key}: inconsistent mirror`);
          body = await resolveReferences(this.deps, job, change, token);
        } else if (guard.earlier) {
          lookupFirst = true;
        }
      }
      const written = await writeChange(this.deps.client, change, body, lookupFirst);
      await this.record(job, change, body, written);
      return { outcome: outcomeOf(change), id: written.id, fields: Object.keys(body), replanned };
    } catch (err) {
      throw await this.translate(err, job, change, token);
    }
  }

  /** Mirror (with the key's revision), audit trail and the create intent, in one transaction. */
  private async record(
    job: Job<EntityJobData, EntityJobResult>,
    change: PlannedChange,
    body: Record<string, unknown>,
    written: WrittenRecord,
  ): Promise<void> {
    const { mirror, audit, intents } = this.deps;
    // A create has no mirrored record to merge with (an adopted one was not in the mirror either).
    const previous =
      change.action === 'create'
        ? {}
        : ((await mirror.get<Record<string, unknown>>(change.type, written.id)) ?? {});
    // A PATCH answer may carry only part of the record: keep what the mirror knew, then what was sent, then the answer.
    const merged = { ...previous, ...body, ...written } as WrittenRecord;
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [field, to] of Object.entries(body))
      changes[field] = { from: change.previous?.[field] ?? previous[field] ?? null, to };
    const multi = this.deps.redis.multi();
    mirror.putInto(multi, change.type, change.key, merged);
    audit.appendInto(multi, {
      at: this.deps.now().toISOString(),
      runId: job.data.runId,
      type: change.type,
      key: change.key,
      action: change.action,
      safetyampId: written.id,
      changes,
      jobId: String(job.id),
    });
    if (change.action === 'create') intents.closeInto(multi, change.type, change.key);
    await multi.exec();
    this.deps.logger.info('applied', {
      runId: job.data.runId,
      entityType: change.type,
      entityKey: change.key,
      action: change.action,
      fields: Object.keys(body),
    });
  }

  /** A job with nothing left to do still moves the key's revision, so the same change later is a new job. */
  private async recordUnchanged(
    job: Job<EntityJobData, EntityJobResult>,
    change: PlannedChange,
  ): Promise<EntityJobResult> {
    await this.deps.mirror.bumpRevisionInto(this.deps.redis.multi(), change.type, change.key).exec();
    return { outcome: 'unchanged', id: change.id ?? '', fields: [], replanned: true };
  }

  /**
   * Turns client errors into BullMQ's vocabulary: wait without spending an attempt (a 429 — the whole fleet is
   * paused for its Retry-After —, or an open breaker), fail now (the record is refused, or gone), or retry later.
   */
  private async translate(
    err: unknown,
    job: Job<EntityJobData, EntityJobResult>,
    change: PlannedChange,
    token?: string,
  ): Promise<unknown> {
    const waitMs =
      err instanceof SafetyAmpRateLimited
        ? err.retryAfterMs
        : err instanceof SafetyAmpCircuitOpen
          ? this.deps.breakerDelayMs
          : null;
    if (waitMs !== null) {
      await job.moveToDelayed(this.deps.now().getTime() + waitMs, token);
      return new DelayedError();
    }
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

function outcomeOf(change: PlannedChange): Outcome {
  return change.action === 'create' ? 'created' : change.action === 'update' ? 'updated' : 'deactivated';
}
