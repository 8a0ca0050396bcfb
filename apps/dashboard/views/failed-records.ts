import type { FailedRecord } from '../../../libs/ops/index.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField, when } from './fragments.js';

function retryForm(record: FailedRecord, csrfToken: string): SafeHtml {
  return html`<td>
    <form method="post" action="/actions/retry">
      ${csrfField(csrfToken)} <input type="hidden" name="type" value="${record.type}" /><input
        type="hidden"
        name="jobId"
        value="${record.jobId}"
      /><button>Retry</button>
    </form>
  </td>`;
}

/** The records the fleet could not write; with a retry button each when the user may retry them. */
export function failedRecordsSection(
  failed: readonly FailedRecord[],
  canRetry: boolean,
  csrfToken: string,
): SafeHtml {
  const rows = failed.map(
    (f) =>
      html`<tr>
        <td>${f.name} <span class="muted">${f.jobId}</span></td>
        <td>${f.reason}</td>
        <td>${f.attemptsMade}</td>
        <td>${when(f.failedAt)}</td>
        ${canRetry ? retryForm(f, csrfToken) : ''}
      </tr>`,
  );
  return html`<section>
    <h2>Failed records</h2>
    ${
      failed.length
        ? html`<table>
            <tr>
              <th>job</th>
              <th>reason</th>
              <th>attempts</th>
              <th>failed at</th>
              ${canRetry ? html`<th></th>` : ''}
            </tr>
            ${rows}
          </table>`
        : html`<p class="muted">None.</p>`
    }
  </section>`;
}
