import type { InvalidRecord } from '../../../libs/domain/types.js';
import { html, type SafeHtml } from '../html.js';

/** Invalid records with the field at fault and why. */
export function invalidRecordTable(invalid: readonly InvalidRecord[]): SafeHtml {
  if (!invalid.length) return html`<p class="muted">None.</p>`;
  return html`<table>
    <tr>
      <th>type</th>
      <th>key</th>
      <th>field</th>
      <th>reason</th>
    </tr>
    ${invalid.map(
      (r) =>
        html`<tr>
          <td>${r.type}</td>
          <td>${r.key}</td>
          <td>${r.field}</td>
          <td>${r.reason}</td>
        </tr>`,
    )}
  </table>`;
}
