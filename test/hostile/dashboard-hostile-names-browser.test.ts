import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { PlannedChange } from '../../libs/domain/index.js';
import type { EntityJobData } from '../../libs/queue/index.js';
import { PERSON, seedFailedJob } from '../support/dashboard-fixtures.js';
import { OPERATOR, VIEWER, startDashboard, type DashboardHarness } from '../support/dashboard-harness.js';
import { IMG_ONERROR, SCRIPT_TAG } from './hostile-text.js';

const CHROMIUM = '/usr/bin/chromium';
/** Markup that would show as an element (not text) if any page or Bull Board let it through. */
const MARKER = '<b id="hostile-marker">injected</b>';
const HOSTILE = `${SCRIPT_TAG}${IMG_ONERROR}${MARKER}`;
const DRY_RUN = 'run-1700000000001-hostile';
const FAILED_RUN = 'run-1700000000002-hostile';

function hostileSiteChange(): PlannedChange {
  return {
    type: 'sites',
    key: HOSTILE,
    action: 'create',
    payload: { name: HOSTILE, external_code: HOSTILE, cluster_id: 11 },
    fingerprint: 'fp-hostile',
  };
}

function hostileUserChange(): PlannedChange {
  return {
    type: 'users',
    key: '4242',
    action: 'update',
    id: 'sa-4242',
    payload: { first_name: HOSTILE, last_name: PERSON.last_name, email: PERSON.email },
    previous: { first_name: 'Ann' },
    fingerprint: 'fp-hostile-user',
  };
}

/** Runs in the page (a string: the project's TypeScript has no DOM types): what hostile markup left behind. */
const INSPECT_PAGE = `({
  injected:
    document.getElementById('hostile-marker') !== null ||
    document.getElementById('hostile-img') !== null ||
    [...document.scripts].some((s) => (s.textContent || '').includes('__hostile')),
  hostileFlag: window.__hostile,
  text: document.body.innerText,
})`;

interface PageVerdict {
  dialogs: string[];
  injected: boolean;
  hostileFlag: unknown;
  cspViolations: string[];
  text: string;
}

/** Loads `url` and reports whether anything hostile ran or became an element. */
async function visit(page: Page, url: string, waitForText?: string): Promise<PageVerdict> {
  const dialogs: string[] = [];
  const cspViolations: string[] = [];
  const onDialog = (dialog: { message(): string; dismiss(): Promise<void> }) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  };
  const onConsole = (message: { text(): string }) => {
    // Bull Board's UI asks for a web font the policy refuses on purpose; only a refused script would mean injection.
    const text = message.text();
    if (/Content Security Policy/i.test(text) && /script/i.test(text)) cspViolations.push(text);
  };
  page.on('dialog', onDialog);
  page.on('console', onConsole);
  try {
    await page.goto(url);
    if (waitForText) await page.getByText(waitForText).first().waitFor();
    // Bull Board renders after its API answers; give any injected handler the same chance to fire.
    await page.waitForLoadState('networkidle');
    const verdict = (await page.evaluate(INSPECT_PAGE)) as Omit<PageVerdict, 'dialogs' | 'cspViolations'>;
    return { dialogs, cspViolations, ...verdict };
  } finally {
    page.off('dialog', onDialog);
    page.off('console', onConsole);
  }
}

function expectInert(verdict: PageVerdict, where: string): void {
  expect(verdict.dialogs, `${where}: dialogs`).to.deep.equal([]);
  expect(verdict.injected, `${where}: injected element`).to.equal(false);
  expect(verdict.hostileFlag, `${where}: script ran`).to.equal(undefined);
  expect(verdict.cspViolations, `${where}: a script refused by the policy`).to.deep.equal([]);
}

describe('hostile: HTML and script in names, on every page and in Bull Board (headless Chromium)', function () {
  this.timeout(180_000);
  let h: DashboardHarness;
  let browser: Browser;
  let siteJobId: string;

  async function signIn(user: { name: string; password: string }): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${h.baseUrl}/login`);
    await page.fill('input[name=username]', user.name);
    await page.fill('input[name=password]', user.password);
    await Promise.all([page.waitForURL(`${h.baseUrl}/`), page.click('button:has-text("Sign in")')]);
    return page;
  }

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: apt-get install -y chromium (never downloaded by a test).`,
      );
    }
    h = await startDashboard();
    const data = (change: PlannedChange, runId = FAILED_RUN): EntityJobData => ({
      runId,
      change,
      dependsOn: [],
    });
    const siteJob = await seedFailedJob(
      h.queues.entities.sites,
      `create sites ${HOSTILE}`,
      data(hostileSiteChange()),
      `SafetyAmp 422: name ${HOSTILE} is invalid`,
    );
    siteJobId = String(siteJob.id);
    await siteJob.log(`worker said: ${HOSTILE}`);
    await seedFailedJob(
      h.queues.entities.users,
      'update users 4242',
      data(hostileUserChange()),
      `SafetyAmp 422: first_name ${HOSTILE}`,
    );

    await h.runRecords.start(DRY_RUN, 'sync', 'dashboard', true, new Date());
    await h.runRecords.recordPlan(
      DRY_RUN,
      { sites: { invalid: 1 } },
      [{ type: 'sites', key: HOSTILE, field: 'name', reason: `name ${HOSTILE}` }],
      [{ type: 'assets', source: 'samsara', reason: `Samsara said ${HOSTILE}` }],
    );
    await h.runRecords.recordPlannedChanges(DRY_RUN, [hostileSiteChange(), hostileUserChange()]);
    await h.runRecords.finish(DRY_RUN, 'completed', new Date());

    await h.runRecords.start(FAILED_RUN, 'sync', 'schedule', false, new Date());
    await h.runRecords.recordPlan(
      FAILED_RUN,
      { users: { invalid: 1 } },
      [{ type: 'users', key: '4242', field: 'first_name', reason: `first name ${HOSTILE}` }],
      [],
    );
    await h.runRecords.settleJob(FAILED_RUN, siteJobId, 'sites', 'failed', {
      type: 'sites',
      key: HOSTILE,
      jobId: siteJobId,
      reason: `SafetyAmp 422: ${HOSTILE}`,
    });
    await h.runRecords.finish(FAILED_RUN, 'failed', new Date(), {
      error: `Vista said ${HOSTILE}`,
      blocked: [{ type: 'users', reason: `blocked by ${HOSTILE}` }],
    });

    await h.audit.append({
      at: new Date().toISOString(),
      runId: FAILED_RUN,
      type: 'sites',
      key: HOSTILE,
      action: 'create',
      safetyampId: HOSTILE,
      changes: { name: { from: null, to: HOSTILE } },
      jobId: siteJobId,
    });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  after(async () => {
    await browser?.close();
    await h?.close();
  });

  const pages = (): [string, string, string | undefined][] => [
    ['fleet status', '/', undefined],
    ['the failed run', `/runs/${FAILED_RUN}`, undefined],
    ['the dry run and its plan', `/runs/${DRY_RUN}`, undefined],
    ['an unknown run named in markup', `/runs/${encodeURIComponent(HOSTILE)}`, undefined],
    ['the audit trail of the hostile key', `/audit?type=sites&key=${encodeURIComponent(HOSTILE)}`, undefined],
    ['the audit form given markup as a type', `/audit?type=${encodeURIComponent(HOSTILE)}&key=1`, undefined],
    ['Bull Board: overview', '/board/', 'Jobs → sites'],
    ['Bull Board: failed sites', '/board/queue/sync-sites?status=failed', 'create sites'],
    ['Bull Board: failed users', '/board/queue/sync-users?status=failed', 'update users 4242'],
    [
      'Bull Board: the hostile job',
      `/board/queue/sync-sites/${encodeURIComponent(siteJobId)}`,
      'create sites',
    ],
  ];

  for (const [role, user] of [
    ['operator', OPERATOR],
    ['viewer', VIEWER],
  ] as const) {
    it(`renders the markup as text, signed in as ${role}: no dialog, no injected element, no script run`, async () => {
      const page = await signIn(user);
      let shownSomewhere = 0;
      for (const [name, path, waitFor] of pages()) {
        const verdict = await visit(page, `${h.baseUrl}${path}`, waitFor);
        expectInert(verdict, `${role} on ${name}`);
        if (verdict.text.includes('<script>window.__hostile')) shownSomewhere += 1;
        if (role === 'viewer') {
          for (const value of Object.values(PERSON))
            expect(verdict.text, `${name}: ${value}`).not.to.contain(value);
        }
      }
      // The markup is there as visible text (it was escaped, not dropped) on the pages that show it.
      expect(shownSomewhere).to.be.at.least(5);
      await page.context().close();
    });
  }

  it("renders the hostile job's data and logs tabs inert in Bull Board", async () => {
    const page = await signIn(OPERATOR);
    const url = `${h.baseUrl}/board/queue/sync-sites/${encodeURIComponent(siteJobId)}`;
    await visit(page, url, 'create sites');
    for (const tab of ['Data', 'Logs', 'Error']) {
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const found = page.getByRole('tab', { name: tab });
      if ((await found.count()) === 0) continue;
      await found.first().click();
      await page.waitForLoadState('networkidle');
      const { injected } = (await page.evaluate(INSPECT_PAGE)) as { injected: boolean };
      expect(injected, tab).to.equal(false);
      expect(dialogs, tab).to.deep.equal([]);
    }
    expect(((await page.evaluate(INSPECT_PAGE)) as { hostileFlag: unknown }).hostileFlag).to.equal(undefined);
    await page.context().close();
  });
});
