import { ENTITY_TYPES } from '../../../libs/domain/types.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from './fragments.js';

function runForm(csrfToken: string): SafeHtml {
  return html`<form method="post" action="/actions/run">
    ${csrfField(csrfToken)}
    ${ENTITY_TYPES.map((t) => html`<label><input type="checkbox" name="types" value="${t}" /> ${t}</label> `)}
    <span class="muted">(none ticked = all)</span>
    <label><input type="checkbox" name="dryRun" value="true" /> dry run (plan only, shows the plan)</label>
    <button>Start</button>
  </form>`;
}

function syncRecordsForm(csrfToken: string): SafeHtml {
  return html`<form method="post" action="/actions/sync-records">
    ${csrfField(csrfToken)}
    <label
      >Sync records now
      <input name="keys" required placeholder="users:1234,sites:30031." size="32" />
    </label>
    <span class="muted">(type:key, comma-separated; ahead of what is queued)</span>
    <button>Sync now</button>
  </form>`;
}

function reconcileForm(csrfToken: string): SafeHtml {
  return html`<form method="post" action="/actions/reconcile">
    ${csrfField(csrfToken)}<button>Reconcile the mirror</button>
  </form>`;
}

/** The forms that start a run or a reconcile, each only when the user may; nothing when neither. */
export function triggerSection(
  can: { run: boolean; syncRecords: boolean; reconcile: boolean },
  csrfToken: string,
): SafeHtml {
  if (!can.run && !can.syncRecords && !can.reconcile) return html``;
  return html`<section>
    <h2>Trigger a run</h2>
    ${can.run ? runForm(csrfToken) : ''} ${can.syncRecords ? syncRecordsForm(csrfToken) : ''}
    ${can.reconcile ? reconcileForm(csrfToken) : ''}
  </section>`;
}
