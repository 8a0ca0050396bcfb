import { ENTITY_TYPES } from '../../../libs/domain/types.js';
import type { AuditEntry } from '../../../libs/state/audit-trail.js';
import { html, type SafeHtml } from '../html.js';
import { json, when } from './fragments.js';

/** The form that asks for one record's writes, by type and key. */
export function auditForm(type = 'users', key = ''): SafeHtml {
  return html`<form method="get" action="/audit">
    <select name="type">
      ${ENTITY_TYPES.map((t) => html`<option value="${t}" ${t === type ? html` selected` : ''}>${t}</option>`)}
    </select>
    <input name="key" value="${key}" placeholder="emp_id, job number, serial…" required />
    <button>Show writes</button>
  </form>`;
}

function changesCell(changes: AuditEntry['changes']): SafeHtml {
  return html`${Object.entries(changes).map(
    ([field, c]) => html`<div>${field}: ${json(c?.from)} → ${json(c?.to)}</div>`,
  )}`;
}

function entryTable(entries: readonly AuditEntry[]): SafeHtml {
  return html`<table id="audit">
    <tr>
      <th>at</th>
      <th>action</th>
      <th>SafetyAmp id</th>
      <th>run</th>
      <th>changes</th>
    </tr>
    ${entries.map(
      (e) =>
        html`<tr>
          <td>${when(e.at)}</td>
          <td>${e.action}</td>
          <td>${e.safetyampId}</td>
          <td>${e.runId}</td>
          <td>${changesCell(e.changes)}</td>
        </tr>`,
    )}
  </table>`;
}

/** What the audit page shows under its form: nothing asked yet, a problem, or the record's writes. */
export type AuditAnswer =
  | { kind: 'none' }
  | { kind: 'problem'; message: string }
  | { kind: 'entries'; type: string; key: string; entries: readonly AuditEntry[] };

function answerOf(answer: AuditAnswer): SafeHtml {
  if (answer.kind === 'none') return html``;
  if (answer.kind === 'problem') return html`<p class="bad">${answer.message}</p>`;
  if (!answer.entries.length) {
    return html`<p class="muted">No write recorded for ${answer.type} ${answer.key}.</p>`;
  }
  return entryTable(answer.entries);
}

/** The audit trail page: the form (kept filled) and the answer. */
export function auditTrailPage(type: string, key: string, answer: AuditAnswer): SafeHtml {
  return html`<section>
    <h2>Audit trail of one record</h2>
    ${auditForm(type, key)}${answerOf(answer)}
  </section>`;
}
