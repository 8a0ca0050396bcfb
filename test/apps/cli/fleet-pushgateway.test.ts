import { expect } from 'chai';
import { FleetHarness } from '../../support/fleet-harness.js';
import { startPushgateway, type PromProcess } from '../../support/prometheus-servers.js';

/** Samples of the Pushgateway's /metrics text for `name` whose labels include `labels`. */
function samples(text: string, name: string, labels: Record<string, string>): number[] {
  const values: number[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries(
      (m[2] ?? '')
        .match(/\w+="[^"]*"/g)
        ?.map((p) => p.split('="'))
        .map(([k, v]) => [k, v!.slice(0, -1)]) ?? [],
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) values.push(Number(m[3]));
  }
  return values;
}

describe('fleet sync pushes its run to a real Pushgateway (Debian prometheus-pushgateway)', function () {
  this.timeout(180_000);
  let h: FleetHarness;
  let gateway: PromProcess;

  before(async () => {
    gateway = await startPushgateway();
    h = await FleetHarness.start({ company: { employees: 20, jobs: 5, departments: 2, vehicles: 2 } });
  });
  after(async () => {
    await h?.close();
    await gateway?.close();
  });

  const scrapeGateway = async (): Promise<string> => (await fetch(`${gateway.url}/metrics`)).text();

  it('a sync pushes its status, records, calls and last success under job safetyamp_sync, kind sync', async () => {
    const { summary } = await h.sync(['--inline'], { PUSHGATEWAY_URL: gateway.url });
    const text = await scrapeGateway();
    const group = { job: 'safetyamp_sync', kind: 'sync' };
    expect(samples(text, 'safetyamp_batch_run_status', { ...group, status: summary.status })).to.deep.equal([
      1,
    ]);
    expect(samples(text, 'safetyamp_batch_run_status', { ...group, status: 'failed' })).to.deep.equal([0]);
    expect(
      samples(text, 'safetyamp_batch_run_records', { ...group, type: 'users', outcome: 'created' }),
    ).to.deep.equal([summary.users.created]);
    expect(summary.users.created).to.be.greaterThan(0);
    expect(samples(text, 'safetyamp_batch_run_safetyamp_calls', group)).to.deep.equal([
      summary.safetyampCalls,
    ]);
    expect(samples(text, 'safetyamp_batch_last_success_timestamp_seconds', group)).to.deep.equal([
      Date.parse(summary.finishedAt!) / 1000,
    ]);
    // The process's own metrics go with it: the SafetyAmp calls it made, by endpoint and status.
    const created = samples(text, 'safetyamp_api_requests_total', {
      ...group,
      endpoint: '/api/users',
      method: 'POST',
    });
    expect(created.reduce((a, b) => a + b, 0)).to.equal(summary.users.created);
    // The gateway's own record of the push: the CronJob's heartbeat.
    expect(samples(text, 'push_time_seconds', group)[0]).to.be.greaterThan(0);
  });

  it('a dry run pushes under kind dry_run and leaves the sync group as it was', async () => {
    const before = samples(await scrapeGateway(), 'safetyamp_batch_run_finished_timestamp_seconds', {
      job: 'safetyamp_sync',
      kind: 'sync',
    });
    await h.runFleet(['sync', '--dry-run', '--inline', '--json'], { PUSHGATEWAY_URL: gateway.url });
    const text = await scrapeGateway();
    expect(
      samples(text, 'safetyamp_batch_run_finished_timestamp_seconds', {
        job: 'safetyamp_sync',
        kind: 'dry_run',
      }),
    ).to.have.length(1);
    expect(
      samples(text, 'safetyamp_batch_run_finished_timestamp_seconds', {
        job: 'safetyamp_sync',
        kind: 'sync',
      }),
    ).to.deep.equal(before);
  });
});
