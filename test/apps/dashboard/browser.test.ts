import { existsSync, mkdirSync } from 'node:fs';
import { Worker, type Job } from 'bullmq';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  createRedisConnection,
  type EntityJobData,
  type EntityJobResult,
} from '../../../libs/queue/index.js';
import { PERSON, seedFailedJob, userJobData } from '../../support/dashboard-fixtures.js';
import {
  OPERATOR,
  REDIS_URL,
  VIEWER,
  startDashboard,
  type DashboardHarness,
} from '../../support/dashboard-harness.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = 'artifacts/screenshots';

async function signIn(
  browser: Browser,
  baseUrl: string,
  user: { name: string; password: string },
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name=username]', user.name);
  await page.fill('input[name=password]', user.password);
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.click('button:has-text("Sign in")')]);
  return page;
}

async function waitForState(job: Job, wanted: string, limitMs = 30_000): Promise<string> {
  const deadline = Date.now() + limitMs;
  let state = await job.getState();
  while (state !== wanted && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    state = await job.getState();
  }
  return state;
}

describe('dashboard in a real browser (headless Chromium)', function () {
  this.timeout(120_000);
  let h: DashboardHarness;
  let browser: Browser;
  let job: Job<EntityJobData>;
  let worker: Worker<EntityJobData, EntityJobResult> | undefined;
  const connection = createRedisConnection(REDIS_URL, 'blocking');
  let jobUrl: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: install the Debian package (apt-get update && apt-get install -y chromium). ` +
          'The browser test never downloads a browser.',
      );
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    h = await startDashboard();
    job = await seedFailedJob(
      h.queues.entities.users,
      'update users 1234',
      userJobData('run-browser', '1234'),
      'SafetyAmp answered 422',
    );
    jobUrl = `${h.baseUrl}/board/queue/sync-users/${encodeURIComponent(String(job.id))}`;
    // Stands in for the fleet's worker: completes whatever the dashboard sends back to the queue.
    worker = new Worker<EntityJobData, EntityJobResult>(
      'sync-users',
      async () => ({ outcome: 'updated', id: 'sa-1234', fields: ['email'], replanned: true }),
      { connection, prefix: h.prefix },
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  after(async () => {
    await browser?.close();
    await worker?.close();
    await connection.quit();
    await h?.close();
  });

  it('lets an operator find a failed job in Bull Board, retry it and see it complete', async () => {
    const page = await signIn(browser, h.baseUrl, OPERATOR);
    expect(await page.textContent('body')).to.contain('olivia (operator)');
    await page.screenshot({ path: `${SCREENSHOTS}/operator-fleet-status.png`, fullPage: true });

    await page.goto(`${h.baseUrl}/board/`);
    await page.getByText('Employees → users').first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/operator-board-overview.png`, fullPage: true });

    await page.goto(`${h.baseUrl}/board/queue/sync-users?status=failed`);
    await page.getByText('update users 1234').first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/operator-failed-jobs.png`, fullPage: true });

    await page.goto(jobUrl);
    await page.getByText('update users 1234').first().waitFor();
    await page.locator('button:has(svg.lucide-refresh-cw)').first().click();
    await page.screenshot({ path: `${SCREENSHOTS}/operator-retry-confirm.png` });
    const [retried] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/retry')),
      page.getByRole('button', { name: 'Confirm' }).click(),
    ]);
    expect(retried.status()).to.equal(204);

    expect(await waitForState(job, 'completed')).to.equal('completed');
    await page.goto(`${h.baseUrl}/board/queue/sync-users?status=completed`);
    await page.getByText('update users 1234').first().waitFor();
    expect(await page.textContent('body')).to.contain('replanned');
    await page.screenshot({ path: `${SCREENSHOTS}/operator-job-completed.png`, fullPage: true });
  });

  it('shows a viewer masked personal fields and no retry that works', async () => {
    const page = await signIn(browser, h.baseUrl, VIEWER);
    expect(await page.textContent('body')).to.contain('victor (viewer)');
    expect(await page.getByRole('button', { name: /Pause the fleet|Retry|Start/ }).count()).to.equal(0);
    await page.screenshot({ path: `${SCREENSHOTS}/viewer-fleet-status.png`, fullPage: true });
    await page.goto(jobUrl);
    await page.getByText('update users 1234').first().waitFor();
    await page.getByRole('tab', { name: 'Data' }).click();
    for (const field of ['payload', 'previous']) {
      await page
        .getByRole('treeitem')
        .filter({ hasText: new RegExp(`^${field}:`) })
        .locator('[aria-label="expand JSON"]')
        .first()
        .click();
    }
    const text = (await page.textContent('body')) ?? '';
    await page.screenshot({ path: `${SCREENSHOTS}/viewer-job-masked.png`, fullPage: true });
    expect(text).to.contain('read-only');
    expect(text).to.contain('first_name');
    expect(text).to.contain('"***"');
    for (const value of Object.values(PERSON)) expect(text, value).not.to.contain(value);
    expect(await page.locator('button:has(svg.lucide-refresh-cw)').count()).to.equal(0);

    // Even a hand-made request with the viewer's own CSRF token is refused.
    const cookies = await page.context().cookies();
    const token = decodeURIComponent(cookies.find((c) => c.name === 'XSRF-TOKEN')?.value ?? '');
    expect(token).to.not.equal('');
    const refused = await page.evaluate(
      async ([url, xsrf]) => {
        const res = await fetch(url, { method: 'PUT', headers: { 'x-xsrf-token': xsrf } });
        return { status: res.status, body: (await res.json()) as { error: { key: string } } };
      },
      [`/board/api/queues/sync-users/${encodeURIComponent(String(job.id))}/retry`, token] as const,
    );
    expect(refused.status).to.equal(403);
    // Refused for the role, not for the token.
    expect(refused.body.error.key).to.equal('forbidden');
  });
});
