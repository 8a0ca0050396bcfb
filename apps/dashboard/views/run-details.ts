import type { RunDetails } from '../../../libs/ops/index.js';
import { html, type SafeHtml } from '../html.js';
import { invalidRecordTable } from './invalid-records.js';
import { runTable } from './run-table.js';
import { json } from './fragments.js';

/** A run still planning or running: its page refreshes itself. */
export function isBusy(run: RunDetails['run']): boolean {
  return run.status === 'planning' || run.status === 'running';
}

function planSection(plan: NonNullable<RunDetails['plan']>, busy: boolean): SafeHtml {
  if (!plan.changes.length) {
    return html`<section>
      <h2>Plan of this dry run</h2>
      <p class="muted">${busy ? 'Planning…' : 'Nothing to change.'}</p>
    </section>`;
  }
  return html`<section>
    <h2>Plan of this dry run</h2>
    <table id="plan">
      <tr>
        <th>action</th>
        <th>type</th>
        <th>key</th>
        <th>fields</th>
      </tr>
      ${plan.changes.map(
        (c) =>
          html`<tr>
            <td>${c.action}</td>
            <td>${c.type}</td>
            <td>${c.key}</td>
            <td>${json(c.payload)}</td>
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
    ${plan ? planSection(plan, busy) : ''}
    <section>
      <h2>Invalid records</h2>
      ${invalidRecordTable(invalid)}
    </section>
    ${failureSection(run)}`;
}
