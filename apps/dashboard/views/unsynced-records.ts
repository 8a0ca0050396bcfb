import type { ReasonGroup, UnsyncedList, UnsyncedRecords } from '../../../libs/ops/index.js';
import { html, type SafeHtml } from '../html.js';

const KEYS_SHOWN = 10;

function groupTable(list: UnsyncedList, what: string): SafeHtml {
  if (!list.groups.length) return html`<p class="muted">No ${what} records.</p>`;
  const row = (g: ReasonGroup): SafeHtml => {
    const more = g.keys.length > KEYS_SHOWN ? ` … ${g.keys.length - KEYS_SHOWN} more` : '';
    return html`<tr>
      <td>${g.count}</td>
      <td>${g.type}</td>
      <td>${g.field}</td>
      <td>${g.reason}</td>
      <td>${g.keys.slice(0, KEYS_SHOWN).join(', ')}${more}</td>
    </tr>`;
  };
  return html`<table class="${what}-groups">
    <tr>
      <th>records</th>
      <th>type</th>
      <th>${what === 'invalid' ? 'field' : 'class'}</th>
      <th>reason</th>
      <th>keys</th>
    </tr>
    ${list.groups.map(row)}
  </table>`;
}

/** The unsynced records grouped by reason with counts, and the CSV download of each list. */
export function unsyncedRecordsSection(records: UnsyncedRecords): SafeHtml {
  return html`<section id="unsynced">
    <h2>Not synced, by reason</h2>
    <h3>
      Invalid: ${records.invalid.total}
      ${records.runId ? html`<span class="muted">run ${records.runId}</span>` : ''}
      <a href="/records/invalid.csv" download>CSV</a>
    </h3>
    ${groupTable(records.invalid, 'invalid')}
    <h3>Failed: ${records.failed.total} <a href="/records/failed.csv" download>CSV</a></h3>
    ${groupTable(records.failed, 'failed')}
  </section>`;
}
