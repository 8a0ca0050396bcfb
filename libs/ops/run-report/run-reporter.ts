import type { RunObserver } from '../../fleet/run/run-observer.js';
import type { Logger } from '../../platform/logger.js';
import type { ReportedUnsyncedSet } from '../../state/reported-unsynced-set.js';
import type { RunSummary } from '../../state/run-records.js';
import type { ReportChannel } from './report-channels.js';
import { isReportable, NOTHING_UNSYNCED, runReportOf, unsyncedFingerprint } from './run-report.js';

export interface RunReporterDeps {
  channels: readonly ReportChannel[];
  reported: ReportedUnsyncedSet;
  dashboardUrl?: string;
  logger: Logger;
}

/**
 * Sends the run report after a run whose unsynced set (invalid, failed, skipped records) differs from the last
 * one reported, fleet-wide: once per change, not once per run. A report no channel delivered is given back, so the
 * next run with the same set tries again; one that reached at least one channel counts as sent.
 */
export class RunReporter implements RunObserver {
  constructor(private readonly deps: RunReporterDeps) {}

  async runFinished(run: RunSummary): Promise<void> {
    if (!this.deps.channels.length || !isReportable(run)) return;
    const claim = await this.deps.reported.claim(unsyncedFingerprint(run), NOTHING_UNSYNCED);
    if (!claim) return;
    const report = runReportOf(run, this.deps.dashboardUrl);
    const outcomes = await Promise.allSettled(this.deps.channels.map((c) => c.deliver(report)));
    const delivered = this.deps.channels
      .filter((_, i) => outcomes[i]?.status === 'fulfilled')
      .map((c) => c.name);
    const log = this.deps.logger.child({ runId: run.runId });
    for (const outcome of outcomes)
      if (outcome.status === 'rejected') log.warn('run report not delivered', { error: outcome.reason });
    if (!delivered.length) {
      await this.deps.reported.giveBack(claim);
      throw new Error('the run report reached no channel; the next run tries again');
    }
    log.info('run report sent', { channels: delivered, ...report.counts, groups: report.groups.length });
  }

  /** How reports go out (`webhook`, `email`), for the start log. */
  get channelNames(): string[] {
    return this.deps.channels.map((c) => c.name);
  }

  close(): void {
    for (const channel of this.deps.channels) channel.close?.();
  }
}
