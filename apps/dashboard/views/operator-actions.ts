import type { OperatorAction } from '../../../libs/state/operator-actions.js';
import { html, type SafeHtml } from '../html.js';
import { when } from './fragments.js';

/** The latest changes people made to the fleet: when, who, what, on what, and how it was answered. */
export function operatorActionsSection(actions: readonly OperatorAction[]): SafeHtml {
  return html`<section id="operator-actions">
    <h2>Operator actions</h2>
    ${
      actions.length
        ? html`<table>
            <tr>
              <th>when</th>
              <th>who</th>
              <th>action</th>
              <th>on</th>
              <th>answer</th>
            </tr>
            ${actions.map(
              (a) =>
                html`<tr>
                  <td>${when(a.at)}</td>
                  <td>${a.actor} <span class="muted">${a.role}</span></td>
                  <td>${a.action}</td>
                  <td>${a.target}</td>
                  <td class="${a.status < 400 ? '' : 'bad'}">${a.status}</td>
                </tr>`,
            )}
          </table>`
        : html`<p class="muted">None kept.</p>`
    }
  </section>`;
}
