import { type Request, type Response, Router } from 'express';
import { ENTITY_TYPES } from '../../libs/domain/types.js';
import {
  getAuditTrail,
  getFleetStatus,
  getLastRunInvalidRecords,
  getRunDetails,
  listFailedRecords,
  pauseFleet,
  resumeFleet,
  retryFailedRecord,
  triggerReconcile,
  triggerRun,
  type FailedRecord,
  type FleetStatus,
  type OpsContext,
  type OpsErrorBody,
  type OpsHandler,
  type RunDetails,
  type RunOverview,
  type TriggeredRun,
} from '../../libs/ops/index.js';
import type { AuditEntry } from '../../libs/state/index.js';
import type { InvalidRecord } from '../../libs/domain/types.js';
import type { Logger } from '../../libs/platform/logger.js';
import { currentUser, requireOperator } from './access.js';
import { csrfTokenFor, type CsrfProtection } from './csrf.js';
import { html, page, type SafeHtml } from './html.js';
import { opsRequest } from './ops-api.js';

const NOTICES: Record<string, string> = {
  paused: 'The fleet is paused: no run starts and no write is taken until it is resumed.',
  resumed: 'The fleet is running again.',
  reconcile: 'A reconcile was queued.',
  retried: 'The record was sent back to its queue; the worker re-plans it from current source data.',
};

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');
const json = (value: unknown) => html`<code>${JSON.stringify(value)}</code>`;

function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

function runRow(run: RunOverview): SafeHtml {
  const t = run.totals;
  return html`<tr>
    <td><a href="/runs/${encodeURIComponent(run.runId)}">${run.runId}</a></td>
    <td>${run.kind}${run.dryRun ? ' (dry run)' : ''}</td>
    <td>${run.trigger}</td>
    <td
      class="${run.status === 'completed' ? 'good' : run.status === 'failed' || run.status === 'blocked' ? 'bad' : ''}"
    >
      ${run.status}
    </td>
    <td>${when(run.startedAt)}</td>
    <td>${when(run.finishedAt)}</td>
    <td>${t.created}</td>
    <td>${t.updated}</td>
    <td>${t.deactivated}</td>
    <td>${t.unchanged}</td>
    <td>${t.invalid}</td>
    <td>${t.failed}</td>
    <td>${run.safetyampCalls}</td>
  </tr>`;
}

const RUN_HEADER = html`<tr>
  <th>run</th>
  <th>kind</th>
  <th>trigger</th>
  <th>status</th>
  <th>started</th>
  <th>finished</th>
  <th>created</th>
  <th>updated</th>
  <th>deactivated</th>
  <th>unchanged</th>
  <th>invalid</th>
  <th>failed</th>
  <th>calls</th>
</tr>`;

function invalidTable(invalid: InvalidRecord[]): SafeHtml {
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

function statusSection(s: FleetStatus, operator: boolean, token: string): SafeHtml {
  const budget = s.budget;
  return html`<section>
    <h2>Fleet</h2>
    <p>
      Fleet is
      <strong class="${s.paused ? 'bad' : 'good'}" id="fleet-state">${s.paused ? 'paused' : 'running'}</strong
      >.
      ${
        operator
          ? html`<form class="inline" method="post" action="/actions/${s.paused ? 'resume' : 'pause'}">
              ${csrfField(token)} <button>${s.paused ? 'Resume the fleet' : 'Pause the fleet'}</button>
            </form>`
          : ''
      }
    </p>
    <p>
      Backlog: <strong>${s.backlogCalls}</strong> SafetyAmp calls, about
      <strong>${Math.ceil(s.drainSeconds)}</strong> s to drain at the full budget.
    </p>
    <p>
      Rate budget:
      ${
        budget
          ? html`${budget.used} of ${budget.max} calls used in the ${budget.windowMs / 1000} s window
            (${Math.round(
              budget.utilisation * 100,
            )}%)${budget.pausedForMs > 0 ? html`, <span class="bad">paused ${Math.ceil(budget.pausedForMs / 1000)} s after a 429</span>` : ''}`
          : html`<span class="bad">cannot be read</span>`
      }.
    </p>
    <p>
      Workers: ${s.workers.alive} alive; breakers closed ${s.workers.breakers.closed}, half-open
      ${s.workers.breakers.halfOpen},
      <span class="${s.workers.breakers.open ? 'bad' : ''}">open ${s.workers.breakers.open}</span>.
    </p>
    ${
      s.currentRun
        ? html`<p>
            Current run
            <a href="/runs/${encodeURIComponent(s.currentRun.runId)}">${s.currentRun.runId}</a>
            (${s.currentRun.status}): ${s.currentRun.progress.done} writes done,
            ${s.currentRun.progress.remaining} waiting.
          </p>`
        : html`<p class="muted">No run in progress.</p>`
    }
    <table>
      <tr>
        <th>queue</th>
        <th>waiting</th>
        <th>active</th>
        <th>delayed</th>
        <th>failed</th>
        <th>completed</th>
      </tr>
      ${s.queues.map(
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
    </table>
  </section>`;
}

function triggerSection(token: string): SafeHtml {
  return html`<section>
    <h2>Trigger a run</h2>
    <form method="post" action="/actions/run">
      ${csrfField(token)}
      ${ENTITY_TYPES.map((t) => html`<label><input type="checkbox" name="types" value="${t}" /> ${t}</label> `)}
      <span class="muted">(none ticked = all)</span>
      <label><input type="checkbox" name="dryRun" value="true" /> dry run (plan only, shows the plan)</label>
      <button>Start</button>
    </form>
    <form method="post" action="/actions/reconcile">
      ${csrfField(token)}<button>Reconcile the mirror</button>
    </form>
  </section>`;
}

function failedSection(failed: FailedRecord[], operator: boolean, token: string): SafeHtml {
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
              ${operator ? html`<th></th>` : ''}
            </tr>
            ${failed.map(
              (f) =>
                html`<tr>
                  <td>${f.name} <span class="muted">${f.jobId}</span></td>
                  <td>${f.reason}</td>
                  <td>${f.attemptsMade}</td>
                  <td>${when(f.failedAt)}</td>
                  ${
                    operator
                      ? html`<td>
                          <form method="post" action="/actions/retry">
                            ${csrfField(token)} <input type="hidden" name="type" value="${f.type}" /><input
                              type="hidden"
                              name="jobId"
                              value="${f.jobId}"
                            /><button>Retry</button>
                          </form>
                        </td>`
                      : ''
                  }
                </tr>`,
            )}
          </table>`
        : html`<p class="muted">None.</p>`
    }
  </section>`;
}

function auditForm(type = 'users', key = ''): SafeHtml {
  return html`<form method="get" action="/audit">
    <select name="type">
      ${ENTITY_TYPES.map(
        (t) => html`<option value="${t}" ${t === type ? html` selected` : ''}>${t}</option>`,
      )}
    </select>
    <input name="key" value="${key}" placeholder="emp_id, job number, serial…" required />
    <button>Show writes</button>
  </form>`;
}

function changesCell(changes: AuditEntry['changes']): SafeHtml {
  return html`${Object.entries(changes).map(([field, c]) => html`<div>${field}: ${json(c?.from)} → ${json(c?.to)}</div>`)}`;
}

async function call(ctx: OpsContext, handler: OpsHandler, req: Request) {
  return handler(ctx, opsRequest(req));
}

/** The server-rendered pages: fleet status at /, one run at /runs/:id, the audit trail at /audit, and the forms. */
export function opsPages(ctx: OpsContext, csrf: CsrfProtection, logger: Logger): Router {
  const router = Router();
  const send = (req: Request, res: Response, title: string, content: SafeHtml, refresh?: number) => {
    res.type('html').send(page(title, currentUser(req), csrfTokenFor(csrf, req, res), content, refresh));
  };

  router.get('/', async (req, res) => {
    const operator = currentUser(req)?.role === 'operator';
    const token = csrfTokenFor(csrf, req, res);
    const [status, invalid, failed] = await Promise.all([
      call(ctx, getFleetStatus, req),
      call(ctx, getLastRunInvalidRecords, req),
      listFailedRecords(ctx, { ...opsRequest(req), query: {} }),
    ]);
    const s = status.body as FleetStatus;
    const inv = invalid.body as { runId: string | null; invalid: InvalidRecord[] };
    const notice = NOTICES[String(req.query.notice ?? '')];
    send(
      req,
      res,
      'Fleet status',
      html`${notice ? html`<section class="notice">${notice}</section>` : ''}
        ${statusSection(s, operator, token)}${operator ? triggerSection(token) : ''}
        <section>
          <h2>Last runs</h2>
          <table>
            ${RUN_HEADER}${s.lastRuns.map(runRow)}
          </table>
        </section>
        <section>
          <h2>
            Invalid records of the last run ${inv.runId ? html`<span class="muted">${inv.runId}</span>` : ''}
          </h2>
          ${invalidTable(inv.invalid)}
        </section>
        ${failedSection((failed.body as { failed: FailedRecord[] }).failed, operator, token)}
        <section>
          <h2>Audit trail of one record</h2>
          ${auditForm()}
        </section>`,
    );
  });

  router.get('/runs/:runId', async (req, res) => {
    const result = await call(ctx, getRunDetails, req);
    if (result.status !== 200) {
      res.status(result.status);
      return send(
        req,
        res,
        'Run',
        html`<section class="bad">${(result.body as OpsErrorBody).error.message}</section>`,
      );
    }
    const { run, invalid, plan } = result.body as RunDetails;
    const busy = run.status === 'planning' || run.status === 'running';
    send(
      req,
      res,
      `Run ${run.runId}`,
      html`<section>
          <h2>Run ${run.runId}</h2>
          <table>
            ${RUN_HEADER}${runRow(run)}
          </table>
          ${run.error ? html`<p class="bad">${run.error}</p>` : ''}${run.blocked.map((b) => html`<p class="bad">Blocked (${b.type}): ${b.reason}</p>`)}
          ${busy ? html`<p class="muted">This page refreshes while the run is ${run.status}.</p>` : ''}
        </section>
        ${
          plan
            ? html`<section>
                <h2>Plan of this dry run</h2>
                ${
                  plan.changes.length
                    ? html`<table id="plan">
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
                      </table>`
                    : html`<p class="muted">${busy ? 'Planning…' : 'Nothing to change.'}</p>`
                }
              </section>`
            : ''
        }
        <section>
          <h2>Invalid records</h2>
          ${invalidTable(invalid)}
        </section>
        <section>
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
                  ${run.failures.map(
                    (f) =>
                      html`<tr>
                        <td>${f.type}</td>
                        <td>${f.key}</td>
                        <td>${f.jobId}</td>
                        <td>${f.reason}</td>
                      </tr>`,
                  )}
                </table>`
              : html`<p class="muted">None.</p>`
          }
        </section>`,
      busy ? 3 : undefined,
    );
  });

  router.get('/audit', async (req, res) => {
    const type = String(req.query.type ?? 'users');
    const key = String(req.query.key ?? '');
    let results = html``;
    if (key) {
      const result = await call(ctx, getAuditTrail, req);
      if (result.status !== 200) {
        res.status(result.status);
        results = html`<p class="bad">${(result.body as OpsErrorBody).error.message}</p>`;
      } else {
        const entries = (result.body as { entries: AuditEntry[] }).entries;
        results = entries.length
          ? html`<table id="audit">
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
            </table>`
          : html`<p class="muted">No write recorded for ${type} ${key}.</p>`;
      }
    }
    send(
      req,
      res,
      'Audit trail',
      html`<section>
        <h2>Audit trail of one record</h2>
        ${auditForm(type, key)}${results}
      </section>`,
    );
  });

  const action = (handler: OpsHandler, name: string, done: (body: unknown) => string) =>
    [
      requireOperator,
      async (req: Request, res: Response) => {
        const request = opsRequest(req);
        const result = await handler(ctx, request);
        logger.info(name, { user: request.actor.name, status: result.status });
        if (result.status >= 400) {
          res.status(result.status);
          return send(
            req,
            res,
            'Refused',
            html`<section class="bad">${(result.body as OpsErrorBody).error.message}</section>`,
          );
        }
        res.redirect(303, done(result.body));
      },
    ] as const;

  router.post('/actions/pause', ...action(pauseFleet, 'fleet paused', () => '/?notice=paused'));
  router.post('/actions/resume', ...action(resumeFleet, 'fleet resumed', () => '/?notice=resumed'));
  router.post(
    '/actions/reconcile',
    ...action(triggerReconcile, 'reconcile triggered', () => '/?notice=reconcile'),
  );
  router.post(
    '/actions/run',
    ...action(
      triggerRun,
      'run triggered',
      (body) => `/runs/${encodeURIComponent((body as TriggeredRun).runId)}`,
    ),
  );
  router.post(
    '/actions/retry',
    ...action(retryFailedRecord, 'failed record retried', () => '/?notice=retried'),
  );
  return router;
}
