import type { PlannedChange } from '../../../libs/domain/types.js';
import { fieldChangesOf, type RunDetails } from '../../../libs/ops/index.js';
import { html, type SafeHtml } from '../html.js';
import { invalidRecordTable } from './invalid-records.js';
import { runTable } from './run-table.js';

/** A run still planning or running: its page refreshes itself. */
export function isBusy(run: RunDetails['run']): boolean {
  return run.status === 'planning' || run.status === 'running';
}

/** A value as the plan shows it: JSON for what is not text, a dash for what is not there. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function fieldList(change: PlannedChange): SafeHtml {
  return html`<ul class="fields">
    ${fieldChangesOf(change).map(
      (f) =>
        html`<li>
          <code>${f.field}</code>: ${f.action === 'create' ? '' : html`<del>${shown(f.before)}</del> → `}<ins
            >${shown(f.after)}</ins
          >
        </li>`,
    )}
  </ul>`;
}

function planSection(runId: string, plan: NonNullable<RunDetails['plan']>, busy: boolean): SafeHtml {
  if (!plan.changes.length) {
    return html`<section>
      <h2>Plan of this dry run</h2>
      <p class="muted">${busy ? 'Planning…' : 'Nothing to change.'}</p>
    </section>`;
  }
  return html`<section>
    <h2>Plan of this dry run <a href="/runs/${encodeURIComponent(runId)}/plan.csv" download>CSV</a></h2>
    <table id="plan">
      <tr>
        <th>action</th>
        <th>type</th>
        <th>key</th>
        <th>fields: before → after</th>
      </tr>
      ${plan.changes.map(
        (c) =>
          html`<tr>
            <td>${c.action}</td>
            <td>${c.type}</td>
            <td>${c.key}</td>
            <td>${fieldList(c)}</td>
          </tr>`,
      )}
    </table>
  </section>`;
}

function failureSection(run: RunDetails['run']): SafeHtml {
  const rows = run.failures.map(
    (f) =>
      html`<tr>
        <td>${f.type}</td>
        <td>${f.key}</td>
        <td>${f.jobId}</td>
        <td>${f.reason}</td>
      </tr>`,
  );
  return html`<section>
    <h2>Failures (${run.failureCount})</h2>
    ${
      run.failures.length
        ? html`<table>
            <tr>
              <th>type</th>
              <th>key</th>
              <th>job</th>
              <th>reason</th>
            </tr>
            ${rows}
          </table>`
        : html`<p class="muted">None.</p>`
    }
  </section>`;
}

/** One run: its counts, error and blocks, a dry run's plan, its invalid records and its failures. */
export function runDetailsPage({ run, invalid, plan }: RunDetails): SafeHtml {
  const busy = isBusy(run);
  return html`<section>
      <h2>Run ${run.runId}</h2>
      ${runTable([run])} ${run.error ? html`<p class="bad">${run.error}</p>` : ''}
      ${run.blocked.map((b) => html`<p class="bad">Blocked (${b.type}): ${b.reason}</p>`)}
      ${run.skipped.map((k) => html`<p class="bad">Skipped (${k.type}): ${k.reason}</p>`)}
      ${Object.entries(run.unfinished).map(
        ([type, jobs]) => html`<p class="bad">Unfinished (${type}): ${jobs} jobs still queued</p>`,
      )}
      ${busy ? html`<p class="muted">This page refreshes while the run is ${run.status}.</p>` : ''}
    </section>
    ${plan ? planSection(run.runId, plan, busy) : ''}
    <section>
      <h2>Invalid records</h2>
      ${invalidRecordTable(invalid)}
    </section>
    ${failureSection(run)}`;
}
