import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import {
  emailChannel,
  RunReporter,
  webhookChannel,
  type ReportChannel,
} from '../../../libs/ops/run-report/index.js';
import { createLogger } from '../../../libs/platform/logger.js';
import { createRedisConnection } from '../../../libs/queue/index.js';
import { ReportedFingerprint } from '../../../libs/state/reported-fingerprint.js';
import type { RunSummary } from '../../../libs/state/run-records.js';
import { REDIS_URL } from '../../support/dashboard-harness.js';
import { MailReceiver, WebhookReceiver, type ReceivedMail } from '../../support/report-receivers.js';
import { runSummary } from './run-summaries.js';

const DASHBOARD_URL = 'https://fleet.example.test';
/** Personal values a failure reason of SafetyAmp may quote: none may reach a report. */
const EMAIL = 'jane.doe@example.com';
const PHONE = '+1 (312) 555-0147';
const BIRTH_DATE = '1984-03-09';

/** A run that found records invalid and had some fail, with failure reasons quoting personal values. */
function runWithProblems(runId: string, overrides: Partial<RunSummary> = {}): RunSummary {
  const run = runSummary({
    runId,
    status: 'completed_with_errors',
    invalid: [
      {
        type: 'users',
        key: '1001',
        field: 'home_site_id',
        reason: 'no home site: recent job "24-117" has no SafetyAmp site, and no department',
      },
      {
        type: 'users',
        key: '1002',
        field: 'home_site_id',
        reason: 'no home site: recent job "31-002" has no SafetyAmp site, and no department',
      },
      { type: 'assets', key: 'VH-9', field: 'serial', reason: 'vehicle has no serial' },
    ],
    failures: [
      {
        type: 'users',
        key: '1003',
        jobId: 'users-1003-update',
        reason: `[rejected] SafetyAmp answered 422: email ${EMAIL} is taken, mobile ${PHONE}, born ${BIRTH_DATE}`,
      },
    ],
    ...overrides,
  });
  run.users = { ...run.users, invalid: 2, failed: 1 };
  run.assets = { ...run.assets, invalid: 1 };
  return run;
}

describe('run report (local webhook receiver and SMTP server, real Redis)', function () {
  this.timeout(20_000);
  const webhook = new WebhookReceiver();
  const smtp = new MailReceiver();
  const redisA = createRedisConnection(REDIS_URL);
  const redisB = createRedisConnection(REDIS_URL);
  const logger = createLogger('run-report-test');
  let webhookUrl: string;
  let smtpPort: number;
  let prefix: string;
  let reporters: RunReporter[];

  /** One process's reporter, with its own Redis connection and its own channels, under the shared prefix. */
  function reporter(redis: typeof redisA, channels?: ReportChannel[]): RunReporter {
    const made = new RunReporter({
      channels: channels ?? [
        webhookChannel(webhookUrl, 5_000),
        emailChannel({
          host: '127.0.0.1',
          port: smtpPort,
          secure: false,
          from: 'fleet@example.test',
          to: ['ops@example.test', 'hr@example.test'],
          timeoutMs: 5_000,
        }),
      ],
      reported: new ReportedFingerprint(redis, prefix, 'unsynced'),
      dashboardUrl: DASHBOARD_URL,
      logger,
    });
    reporters.push(made);
    return made;
  }

  before(async () => {
    webhookUrl = await webhook.start();
    smtpPort = await smtp.start();
  });

  beforeEach(() => {
    prefix = `test-report-${randomBytes(5).toString('hex')}`;
    webhook.posts.length = 0;
    webhook.status = 200;
    smtp.mails.length = 0;
    reporters = [];
  });

  afterEach(async () => {
    for (const r of reporters) r.close();
    await redisA.del(`${prefix}:run-report:reported:unsynced`);
  });

  after(async () => {
    await webhook.stop();
    await smtp.stop();
    await redisA.quit();
    await redisB.quit();
  });

  it('sends one report per change of the failure set, fleet-wide, even when two producers see the run', async () => {
    const producerA = reporter(redisA);
    const producerB = reporter(redisB);

    const first = runWithProblems('run-1');
    await Promise.all([producerA.runFinished(first), producerB.runFinished(first)]);
    expect(webhook.posts).to.have.length(1);
    expect(smtp.mails).to.have.length(1);

    // The next runs find the same records unsynced (a failure worded differently is still the same record).
    const same = runWithProblems('run-2');
    same.failures = same.failures.map((f) => ({
      ...f,
      reason: '[rejected] SafetyAmp answered 422: other words',
    }));
    await producerB.runFinished(same);
    await producerA.runFinished(runWithProblems('run-3'));
    expect(webhook.posts, 'an identical set is not reported again').to.have.length(1);
    expect(smtp.mails).to.have.length(1);

    // HR fixed employee 1002: the set changed, one more report.
    const fixed = runWithProblems('run-4');
    fixed.invalid = fixed.invalid.filter((r) => r.key !== '1002');
    fixed.users = { ...fixed.users, invalid: 1 };
    await Promise.all([producerA.runFinished(fixed), producerB.runFinished(fixed)]);
    expect(webhook.posts).to.have.length(2);
    expect(smtp.mails).to.have.length(2);
    expect(webhook.posts[1]?.text).to.match(/Invalid: 2 · Failed: 1/);

    // Everything fixed: one all-clear, then silence.
    await producerA.runFinished(runSummary({ runId: 'run-5' }));
    await producerB.runFinished(runSummary({ runId: 'run-6' }));
    expect(webhook.posts).to.have.length(3);
    expect(String(webhook.posts[2]?.text)).to.match(/every record is in step again/);
    expect(smtp.mails).to.have.length(3);
  });

  it('says nothing for a fleet that starts clean, for dry runs, reconciles, failed, timed-out and blocked runs', async () => {
    const producer = reporter(redisA);
    await producer.runFinished(runSummary({ runId: 'clean' }));
    await producer.runFinished(runWithProblems('dry', { dryRun: true }));
    await producer.runFinished(runWithProblems('reconcile', { kind: 'reconcile', status: 'completed' }));
    await producer.runFinished(runWithProblems('broken', { status: 'failed', error: 'Vista unreachable' }));
    await producer.runFinished(runWithProblems('late', { status: 'timed_out' }));
    await producer.runFinished(runWithProblems('guarded', { status: 'blocked' }));
    expect(webhook.posts).to.deep.equal([]);
    expect(smtp.mails).to.deep.equal([]);
  });

  it('carries counts, records grouped by reason and the dashboard link, and no personal value', async () => {
    await reporter(redisA).runFinished(runWithProblems('run-42'));

    const post = webhook.posts[0] as { text: string; title: string; summary: string; report: unknown };
    expect(post.title).to.equal('SafetyAmp sync: 3 invalid, 1 failed record(s) not synced (run run-42)');
    expect(post.summary).to.equal(post.title);
    expect(post.text).to.include('Invalid: 3 · Failed: 1 · Skipped: 0');
    // Both employees without a home site fall in one group, whatever job number their reason quotes.
    expect(post.text).to.include(
      '• 2 invalid users (home_site_id): no home site: recent job "…" has no SafetyAmp site, and no department\n' +
        '  keys: 1001, 1002',
    );
    expect(post.text).to.include('• 1 invalid assets (serial): vehicle has no serial\n  keys: VH-9');
    expect(post.text).to.match(/• 1 failed users \(rejected\): .*\n {2}keys: 1003/);
    expect(post.text).to.include(`${DASHBOARD_URL}/runs/run-42`);
    expect(post.report).to.deep.include({ runId: 'run-42', counts: { invalid: 3, failed: 1, skipped: 0 } });

    const mail = smtp.mails[0] as ReceivedMail;
    expect(mail.from).to.equal('fleet@example.test');
    expect(mail.to).to.deep.equal(['ops@example.test', 'hr@example.test']);
    expect(mail.subject).to.equal(post.title);
    expect(mail.text.trim()).to.equal(post.text);

    for (const sent of [JSON.stringify(post), mail.subject, mail.text]) {
      expect(sent).not.to.include(EMAIL);
      expect(sent).not.to.include('jane');
      expect(sent).not.to.include('555');
      expect(sent).not.to.include('0147');
      expect(sent).not.to.include(BIRTH_DATE);
    }
  });

  it('tries again with the next run when no channel took the report', async () => {
    const producer = reporter(redisA, [webhookChannel(webhookUrl, 5_000)]);
    webhook.status = 503;
    let failure: unknown = null;
    await producer.runFinished(runWithProblems('run-1')).catch((err: unknown) => (failure = err));
    expect(failure).to.be.instanceOf(Error);
    expect(webhook.posts).to.have.length(1);

    webhook.status = 200;
    await producer.runFinished(runWithProblems('run-2'));
    await producer.runFinished(runWithProblems('run-3'));
    expect(webhook.posts, 'the undelivered set is sent by the next run, once').to.have.length(2);
    expect((webhook.posts[1] as { report: { runId: string } }).report.runId).to.equal('run-2');
  });
});
