import type { LastDrift } from '../../../libs/ops/index.js';
import { html, type SafeHtml } from '../html.js';
import { when } from './fragments.js';

function shown(value: unknown): string {
  return value === null || value === undefined
    ? '—'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);
}

/** What the last reconcile found changed in SafetyAmp outside the fleet: field, value found, value written. */
export function driftSection({ drift }: LastDrift): SafeHtml {
  const body = !drift
    ? html`<p class="muted">No reconcile has compared yet.</p>`
    : !drift.findings.length
      ? html`<p class="muted">
          Nothing changed outside the fleet (reconcile ${drift.runId}, ${when(drift.foundAt)}).
        </p>`
      : html`<p>
            ${drift.total} field(s) found by reconcile ${drift.runId} at ${when(drift.foundAt)}; the next sync
            writes the fleet's values back.
          </p>
          <table>
            <tr>
              <th>type</th>
              <th>key</th>
              <th>field</th>
              <th>found</th>
              <th>the fleet wrote</th>
            </tr>
            ${drift.findings.map(
              (f) =>
                html`<tr>
                  <td>${f.type}</td>
                  <td>${f.key}</td>
                  <td>${f.field}</td>
                  <td>${shown(f.found)}</td>
                  <td>${shown(f.written)}</td>
                </tr>`,
            )}
          </table>`;
  return html`<section id="drift">
    <h2>Changed outside the fleet</h2>
    ${body}
  </section>`;
}
