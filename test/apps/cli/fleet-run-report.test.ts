import { expect } from 'chai';
import { ENTITY_TYPES } from '../../../libs/domain/types.js';
import { createRedisConnection } from '../../../libs/queue/index.js';
import { DriftLog } from '../../../libs/state/drift-log.js';
import { Mirror } from '../../../libs/state/mirror.js';
import { FleetHarness } from '../../support/fleet-harness.js';
import { MailReceiver, WebhookReceiver } from '../../support/report-receivers.js';
import { callSim } from '../../support/safetyamp-sim-http.js';

const DASHBOARD_URL = 'https://fleet.example.test';
const OUTSIDE_NAME = 'Changed-Outside-The-Fleet';

describe('run report and drift report from real fleet runs (webhook receiver, SMTP server, simulators)', function () {
  this.timeout(240_000);
  const webhook = new WebhookReceiver();
  const smtp = new MailReceiver();
  let h: FleetHarness;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    h = await FleetHarness.start({ company: { employees: 60, jobs: 8, departments: 3, vehicles: 4 } });
    env = {
      REPORT_WEBHOOK_URL: await webhook.start(),
      REPORT_EMAIL_TO: 'hr@example.test',
      REPORT_EMAIL_FROM: 'fleet@example.test',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(await smtp.start()),
      DASHBOARD_URL,
    };
  });
  after(async () => {
    await h?.close();
    await webhook.stop();
    await smtp.stop();
  });

  it('reports the first run’s unsynced records once, and not again while they stay the same', async () => {
    const first = await h.sync(['--inline'], env);
    const invalid = ENTITY_TYPES.reduce((n, t) => n + first.summary[t].invalid, 0);
    expect(invalid, 'the generated company has invalid records').to.be.greaterThan(0);
    expect(webhook.posts).to.have.length(1);
    expect(smtp.mails).to.have.length(1);
    const post = webhook.posts[0] as {
      text: string;
      report: { counts: { invalid: number }; runUrl: string };
    };
    expect(post.report.counts.invalid).to.equal(invalid);
    expect(post.report.runUrl).to.equal(`${DASHBOARD_URL}/runs/${first.summary.runId}`);
    expect(smtp.mails[0]?.text.trim()).to.equal(post.text);

    await h.sync(['--inline'], env);
    expect(webhook.posts, 'the same set is not reported again').to.have.length(1);
    expect(smtp.mails).to.have.length(1);
  });

  it('a reconcile reports fields changed in SafetyAmp outside the fleet, masked; the next sync writes them back', async () => {
    const redis = createRedisConnection(h.redisUrl);
    try {
      const mirror = new Mirror(redis, h.keyPrefix);
      const [[userId, empId] = []] = [...(await mirror.writtenKeysById('users'))];
      const [[siteId, jobNumber] = []] = [...(await mirror.writtenKeysById('sites'))];
      expect(userId && siteId, 'the fleet wrote users and sites').to.be.a('string');
      const before = (await callSim(h.safetyamp, 'GET', `/api/users/${userId}`)).body.data as {
        first_name: string;
      };
      expect(
        (await callSim(h.safetyamp, 'PATCH', `/api/users/${userId}`, { first_name: OUTSIDE_NAME })).status,
      ).to.equal(200);
      expect(
        (await callSim(h.safetyamp, 'PATCH', `/api/sites/${siteId}`, { city: 'Elsewhere' })).status,
      ).to.equal(200);

      const reconcile = await h.runFleet(['reconcile', '--json'], env);
      expect(reconcile.code, reconcile.stderr.slice(-2000)).to.equal(0);
      const drift = await new DriftLog(redis, h.keyPrefix).last();
      expect(drift?.findings).to.deep.include.members([
        {
          type: 'users',
          key: empId,
          id: userId,
          field: 'first_name',
          found: OUTSIDE_NAME,
          written: before.first_name,
        },
      ]);
      expect(drift?.findings.find((f) => f.type === 'sites' && f.key === jobNumber)).to.deep.include({
        field: 'city',
        found: 'Elsewhere',
      });
      expect(drift?.total).to.equal(2);

      expect(webhook.posts).to.have.length(2);
      const report = webhook.posts[1] as { title: string; text: string };
      expect(report.title).to.match(/^SafetyAmp drift: 2 field\(s\) changed outside the fleet/);
      // A city is masked for viewers whoever it belongs to: the policy masks by field name.
      expect(report.text).to.include(`• sites ${jobNumber} city: found ***, the fleet wrote ***`);
      expect(report.text).to.include(`• users ${empId} first_name: found ***, the fleet wrote ***`);
      expect(JSON.stringify(webhook.posts[1])).not.to.include(OUTSIDE_NAME);
      expect(JSON.stringify(webhook.posts[1])).not.to.include(before.first_name);
      expect(smtp.mails).to.have.length(2);

      const corrected = await h.sync(['--inline'], env);
      expect(corrected.summary.users.updated).to.be.at.least(1);
      expect(corrected.summary.sites.updated).to.be.at.least(1);
      const after = (await callSim(h.safetyamp, 'GET', `/api/users/${userId}`)).body.data as {
        first_name: string;
      };
      expect(after.first_name).to.equal(before.first_name);
      expect(webhook.posts, 'the unsynced set did not change').to.have.length(2);
    } finally {
      await redis.quit();
    }
  });
});
