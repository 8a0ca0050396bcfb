import type { RunOverview } from '../../../libs/ops/index.js';
import type { QuietRuns } from '../../../libs/state/run-records.js';
import { html, type SafeHtml } from '../html.js';
import { when } from './fragments.js';

const HEADER = html`<tr>
  <th>run</th>
  <th>kind</th>
  <th>trigger</th>
  <th>status</th>
  <th>started</th>
  <th>finished</th>
  <th>created</th>
  <th>updated</th>
  <th>deactivated</th>
  <th>unchanged</th>
  <th>invalid</th>
  <th>failed</th>
  <th>calls</th>
</tr>`;

function statusClass(status: RunOverview['status']): string {
  if (status === 'completed') return 'good';
  return status === 'failed' || status === 'blocked' || status === 'timed_out' ? 'bad' : '';
}

function runRow(run: RunOverview): SafeHtml {
  const t = run.totals;
  return html`<tr>
    <td><a href="/runs/${encodeURIComponent(run.runId)}">${run.runId}</a></td>
    <td>${run.kind}${run.dryRun ? ' (dry run)' : ''}</td>
    <td>${run.trigger}</td>
    <td class="${statusClass(run.status)}">${run.status}</td>
    <td>${when(run.startedAt)}</td>
    <td>${when(run.finishedAt)}</td>
    <td>${t.created}</td>
    <td>${t.updated}</td>
    <td>${t.deactivated}</td>
    <td>${t.unchanged}</td>
    <td>${t.invalid}</td>
    <td>${t.failed}</td>
    <td>${run.safetyampCalls}</td>
  </tr>`;
}

/** "N quiet runs since …": the scheduled runs that found nothing to do, which are counted instead of listed. */
export function quietRunsLine(quiet: QuietRuns): SafeHtml {
  if (quiet.count === 0) return html``;
  return html`<p class="muted">
    ${quiet.count} quiet run${quiet.count === 1 ? '' : 's'} since ${when(quiet.since)} (nothing changed, no
    write; the last
    ${when(quiet.lastAt)}${quiet.lastDurationMs !== null ? `, in ${quiet.lastDurationMs} ms` : ''})
  </p>`;
}

/** Runs with their counts, one row each, linking to each run's page. */
export function runTable(runs: readonly RunOverview[]): SafeHtml {
  return html`<table>
    ${HEADER}${runs.map(runRow)}
  </table>`;
}
