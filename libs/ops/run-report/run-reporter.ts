import type { RunObserver } from '../../fleet/run/run-observer.js';
import type { Logger } from '../../platform/logger.js';
import type { DriftLog } from '../../state/drift-log.js';
import type { ReportedFingerprint } from '../../state/reported-fingerprint.js';
import type { RunSummary } from '../../state/run-records.js';
import { driftFingerprint, driftMessage, NO_DRIFT } from './drift-report.js';
import type { ReportChannel } from './report-channels.js';
import {
  isReportable,
  NOTHING_UNSYNCED,
  runReportOf,
  unsyncedFingerprint,
  unsyncedMessage,
  type OutgoingReport,
} from './run-report.js';

export interface RunReporterDeps {
  channels: readonly ReportChannel[];
  /** The unsynced set reported last (subject `unsynced`). */
  reported: ReportedFingerprint;
  /** Where reconciles put the drift they find, and the drift reported last (subject `drift`). */
  drift?: { log: DriftLog; reported: ReportedFingerprint };
  dashboardUrl?: string;
  logger: Logger;
}

/**
 * Sends the run report after a sync whose unsynced set (invalid, failed, skipped records) differs from the last
 * one reported, and the drift report after a reconcile that found records changed outside the fleet (different
 * from the drift reported last), fleet-wide: once per change, not once per run. A report no channel delivered is
 * given back, so the next run in the same state tries again; one that reached at least one channel counts as sent.
 */
export class RunReporter implements RunObserver {
  constructor(private readonly deps: RunReporterDeps) {}

  async runFinished(run: RunSummary): Promise<void> {
    if (!this.deps.channels.length) return;
    if (isReportable(run)) {
      const claim = await this.deps.reported.claim(unsyncedFingerprint(run), NOTHING_UNSYNCED);
      const report = runReportOf(run, this.deps.dashboardUrl);
      if (claim)
        await this.send(run.runId, unsyncedMessage(report), () => this.deps.reported.giveBack(claim));
      return;
    }
    const { drift } = this.deps;
    if (run.kind !== 'reconcile' || run.status !== 'completed' || !drift) return;
    const found = await drift.log.last();
    if (!found || found.runId !== run.runId || found.total === 0) return;
    const claim = await drift.reported.claim(driftFingerprint(found.findings), NO_DRIFT);
    if (claim)
      await this.send(run.runId, driftMessage(found, this.deps.dashboardUrl), () =>
        drift.reported.giveBack(claim),
      );
  }

  private async send(
    runId: string,
    message: OutgoingReport,
    giveBack: () => Promise<unknown>,
  ): Promise<void> {
    const outcomes = await Promise.allSettled(this.deps.channels.map((c) => c.deliver(message)));
    const delivered = this.deps.channels
      .filter((_, i) => outcomes[i]?.status === 'fulfilled')
      .map((c) => c.name);
    const log = this.deps.logger.child({ runId });
    for (const outcome of outcomes)
      if (outcome.status === 'rejected') log.warn('run report not delivered', { error: outcome.reason });
    if (!delivered.length) {
      await giveBack();
      throw new Error('the run report reached no channel; the next run tries again');
    }
    log.info('run report sent', { channels: delivered, title: message.title });
  }

  /** How reports go out (`webhook`, `email`), for the start log. */
  get channelNames(): string[] {
    return this.deps.channels.map((c) => c.name);
  }

  close(): void {
    for (const channel of this.deps.channels) channel.close?.();
  }
}
