import type {
  FailedRecord,
  FleetAction,
  FleetLogLevelSetting,
  FleetStatus,
  LastDrift,
  LastRunInvalidRecords,
  UnsyncedRecords,
} from '../../../libs/ops/index.js';
import type { OperatorAction } from '../../../libs/state/operator-actions.js';
import { html, type SafeHtml } from '../html.js';
import { auditForm } from './audit-trail.js';
import { failedRecordsSection } from './failed-records.js';
import { fleetSummarySection } from './fleet-summary.js';
import { invalidRecordTable } from './invalid-records.js';
import { quietRunsLine, runTable } from './run-table.js';
import { triggerSection } from './trigger-forms.js';
import { driftSection } from './drift.js';
import { logLevelSection } from './log-level-form.js';
import { operatorActionsSection } from './operator-actions.js';
import { unsyncedRecordsSection } from './unsynced-records.js';

export interface FleetStatusPage {
  status: FleetStatus;
  lastRunInvalid: LastRunInvalidRecords;
  failed: readonly FailedRecord[];
  unsynced: UnsyncedRecords;
  actions: readonly OperatorAction[];
  logLevel: FleetLogLevelSetting;
  drift: LastDrift;
  /** What the last action did, after its redirect here. */
  notice: string | undefined;
  /** The actions the user may take: the page offers only those. */
  allowed: ReadonlySet<FleetAction>;
  csrfToken: string;
}

/** The home page: the fleet, the forms the user may use, the last runs, invalid and failed records. */
export function fleetStatusPage(p: FleetStatusPage): SafeHtml {
  const { status, lastRunInvalid, allowed, csrfToken } = p;
  const canSwitch = allowed.has(status.paused ? 'resume-fleet' : 'pause-fleet');
  const can = {
    run: allowed.has('trigger-run'),
    syncRecords: allowed.has('sync-records'),
    reconcile: allowed.has('trigger-reconcile'),
  };
  return html`${p.notice ? html`<section class="notice">${p.notice}</section>` : ''}
    ${fleetSummarySection(status, canSwitch, csrfToken)}${triggerSection(can, csrfToken)}
    <section>
      <h2>Last runs</h2>
      ${runTable(status.lastRuns)} ${quietRunsLine(status.quietRuns)}
    </section>
    ${unsyncedRecordsSection(p.unsynced)} ${driftSection(p.drift)}
    <section>
      <h2>
        Invalid records of the last run
        ${lastRunInvalid.runId ? html`<span class="muted">${lastRunInvalid.runId}</span>` : ''}
      </h2>
      ${invalidRecordTable(lastRunInvalid.invalid)}
    </section>
    ${failedRecordsSection(p.failed, allowed.has('retry-failed-record'), csrfToken)}
    ${operatorActionsSection(p.actions)}
    ${logLevelSection(p.logLevel, allowed.has('set-log-level'), csrfToken)}
    <section>
      <h2>Audit trail of one record</h2>
      ${auditForm()}
    </section>`;
}
