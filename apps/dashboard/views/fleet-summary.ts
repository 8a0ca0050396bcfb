import type { FleetStatus } from '../../../libs/ops/index.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from './fragments.js';

function pauseForm(paused: boolean, csrfToken: string): SafeHtml {
  return html`<form class="inline" method="post" action="/actions/${paused ? 'resume' : 'pause'}">
    ${csrfField(csrfToken)} <button>${paused ? 'Resume the fleet' : 'Pause the fleet'}</button>
  </form>`;
}

function budgetLine(budget: FleetStatus['budget']): SafeHtml {
  if (!budget) return html`<span class="bad">cannot be read</span>`;
  const pause =
    budget.pausedForMs > 0
      ? html`, <span class="bad">paused ${Math.ceil(budget.pausedForMs / 1000)} s after a 429</span>`
      : '';
  return html`${budget.used} of ${budget.max} calls used in the ${budget.windowMs / 1000} s window
  (${Math.round(budget.utilisation * 100)}%)${pause}`;
}

function currentRunLine(run: FleetStatus['currentRun']): SafeHtml {
  if (!run) return html`<p class="muted">No run in progress.</p>`;
  return html`<p>
    Current run <a href="/runs/${encodeURIComponent(run.runId)}">${run.runId}</a> (${run.status}):
    ${run.progress.done} writes done, ${run.progress.remaining} waiting.
  </p>`;
}

function queueTable(queues: FleetStatus['queues']): SafeHtml {
  return html`<table>
    <tr>
      <th>queue</th>
      <th>waiting</th>
      <th>active</th>
      <th>delayed</th>
      <th>failed</th>
      <th>completed</th>
    </tr>
    ${queues.map(
      (q) =>
        html`<tr>
          <td>${q.title} <span class="muted">${q.queue}</span></td>
          <td>${q.counts.waiting + q.counts.prioritized}</td>
          <td>${q.counts.active}</td>
          <td>${q.counts.delayed}</td>
          <td>${q.counts.failed}</td>
          <td>${q.counts.completed}</td>
        </tr>`,
    )}
  </table>`;
}

/** The fleet at a glance: paused or running (with the switch when the user may use it), backlog, budget, workers. */
export function fleetSummarySection(s: FleetStatus, canSwitch: boolean, csrfToken: string): SafeHtml {
  const { breakers } = s.workers;
  return html`<section>
    <h2>Fleet</h2>
    <p>
      Fleet is
      <strong class="${s.paused ? 'bad' : 'good'}" id="fleet-state">${s.paused ? 'paused' : 'running'}</strong
      >. ${canSwitch ? pauseForm(s.paused, csrfToken) : ''}
    </p>
    <p>
      Backlog: <strong>${s.backlogCalls}</strong> SafetyAmp calls, about
      <strong>${Math.ceil(s.drainSeconds)}</strong> s to drain at the full budget.
    </p>
    <p>Rate budget: ${budgetLine(s.budget)}.</p>
    <p>
      Workers: ${s.workers.alive} alive; breakers closed ${breakers.closed}, half-open ${breakers.halfOpen},
      <span class="${breakers.open ? 'bad' : ''}">open ${breakers.open}</span>.
    </p>
    ${currentRunLine(s.currentRun)} ${queueTable(s.queues)}
  </section>`;
}
