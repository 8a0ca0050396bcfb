import type { FleetLogLevelSetting } from '../../../libs/ops/index.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from './fragments.js';

/** The fleet's runtime log level; the form to change it only for a user who may. */
export function logLevelSection(setting: FleetLogLevelSetting, canSet: boolean, csrfToken: string): SafeHtml {
  const now = setting.override
    ? html`every process logs at <strong>${setting.override}</strong> (set from the dashboard)`
    : html`each process logs at its LOG_LEVEL`;
  return html`<section id="log-level">
    <h2>Log level</h2>
    <p>Now: ${now}.</p>
    ${
      canSet
        ? html`<form method="post" action="/actions/log-level">
            ${csrfField(csrfToken)}
            <select name="level">
              <option value="configured">each process's LOG_LEVEL</option>
              ${setting.levels.map(
                (l) =>
                  html`<option value="${l}" ${l === setting.override ? html`selected` : ''}>${l}</option>`,
              )}
            </select>
            <button>Set for every process</button>
          </form>`
        : ''
    }
  </section>`;
}
