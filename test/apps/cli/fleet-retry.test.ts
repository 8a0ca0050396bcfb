import { expect } from 'chai';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { EntityJobData } from '../../../libs/queue/job-types.js';
import { entityQueueName } from '../../../libs/queue/names.js';
import { startDashboard } from '../../support/dashboard-harness.js';
import { FleetHarness } from '../../support/fleet-harness.js';

/**
 * A record SafetyAmp refuses (here: someone gave its e-mail to another SafetyAmp user by hand, which the mirror
 * cannot know) fails at once with the field and the reason. Once the source is fixed, it syncs with the fixed data:
 * by a manual retry of the failed job, and by the next run even while the old job sits in the failed set.
 */
describe('failed records and their retries', function () {
  this.timeout(240_000);
  let h: FleetHarness;
  let redis: Redis;
  let users: Queue;

  before(async () => {
    h = await FleetHarness.start({ company: { employees: 60, jobs: 15, departments: 4, vehicles: 5 } });
    redis = new Redis(h.redisUrl, { maxRetriesPerRequest: null });
    users = new Queue(entityQueueName('users'), { connection: redis, prefix: h.keyPrefix });
    const first = await h.sync();
    expect(first.summary.status).to.equal('completed_with_errors');
    expect(first.summary.users.failed).to.equal(0);
  });
  after(async () => {
    await users?.close();
    await redis?.quit();
    await h?.close();
  });

  /** A new hire in Vista whose e-mail a SafetyAmp user created by hand already holds. */
  async function hireWithTakenEmail(employee: number, email: string): Promise<void> {
    const answer = await fetch(`${h.safetyamp.url}/api/users`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${h.safetyamp.token}`,
        Fqdn: h.safetyamp.fqdn,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        emp_id: `C-${employee}`,
        first_name: 'Contractor',
        last_name: 'Account',
        email,
      }),
    });
    expect(answer.status).to.equal(201);
    const db = h.vistaDatabase();
    const dept = db
      .prepare("SELECT PRDept FROM bPRDP WHERE PRCo = 1 AND udRegion IS NOT NULL AND udRegion <> '' LIMIT 1")
      .get() as { PRDept: string };
    db.prepare(
      `INSERT INTO bPREH (PRCo, Employee, FirstName, LastName, Sex, PRDept, Email, udEmpTitle, BirthDate, HireDate, Phone, Address, City, State, Zip)
       VALUES (1, ?, 'New', 'Hire', 'F', ?, ?, 'Laborer', '1990-01-01 00:00:00', '2026-10-01 00:00:00', '337-555-0100', '1 Main St', 'Sulphur', 'LA', '70663')`,
    ).run(employee, dept.PRDept, email);
    db.close();
  }

  function fixEmail(employee: number, email: string): void {
    const db = h.vistaDatabase();
    db.prepare('UPDATE bPREH SET Email = ? WHERE PRCo = 1 AND Employee = ?').run(email, employee);
    db.close();
  }

  const safetyampUser = (employee: number) =>
    (h.safetyamp.state().users ?? []).find((u) => u.emp_id === String(employee));

  it('a refused record fails at once with the field and the reason, and the run exits 1', async () => {
    await hireWithTakenEmail(90001, 'taken.one@example.com');
    const { code, summary } = await h.sync();
    expect(code).to.equal(1);
    expect(summary.users.failed).to.equal(1);
    expect(summary.failures[0]).to.include({ type: 'users', key: '90001' });
    expect(summary.failures[0]?.reason).to.match(/^\[rejected\] email: The email has already been taken\./);
    const [job] = await users.getFailed();
    expect(job?.attemptsMade).to.equal(1);
    expect(safetyampUser(90001)).to.equal(undefined);
  });

  it("a retry from the dashboard after the source is fixed writes the fixed data: the worker re-planned, the job's data is stale", async () => {
    const [failed] = await users.getFailed();
    const staleData = failed!.data as EntityJobData;
    expect(staleData.change.payload.email, "the job's own data").to.equal('taken.one@example.com');
    fixEmail(90001, 'new.hire@example.com');
    // The operator retries the record from the dashboard (its API, over HTTP, on the fleet's queues).
    const dashboard = await startDashboard({ prefix: h.keyPrefix, keepKeys: true });
    const worker = h.spawnFleet(['worker', '--queues', 'users']);
    try {
      const operator = await dashboard.operator();
      const answer = await operator.send(
        'POST',
        `/api/failed/users/${encodeURIComponent(failed!.id!)}/retry`,
      );
      expect(answer.status, answer.text).to.equal(202);
      const deadline = Date.now() + 60_000;
      while ((await users.getJobState(failed!.id!)) !== 'completed') {
        if (Date.now() > deadline) throw new Error(`retried job is ${await users.getJobState(failed!.id!)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const done = await users.getJob(failed!.id!);
      expect(done?.returnvalue).to.include({ outcome: 'created', replanned: true });
      // The job still carries what it was planned with; what SafetyAmp got is what Vista says now.
      expect((done?.data as EntityJobData).change.payload.email).to.equal('taken.one@example.com');
    } finally {
      worker.kill('SIGTERM');
      await dashboard.close();
    }
    expect(safetyampUser(90001)?.email).to.equal('new.hire@example.com');
  });

  it('the next run syncs a fixed record even while its old job sits in the failed set', async () => {
    await hireWithTakenEmail(90002, 'taken.two@example.com');
    const refused = await h.sync();
    expect(refused.summary.users.failed).to.equal(1);
    const failedBefore = (await users.getFailed()).map((j) => j.id);
    expect(failedBefore).to.have.length(1);

    fixEmail(90002, 'second.hire@example.com');
    const { summary } = await h.sync();
    expect(summary.users.created).to.equal(1);
    expect(summary.users.failed).to.equal(0);
    expect(summary.failures).to.deep.equal([]);
    expect(safetyampUser(90002)?.email).to.equal('second.hire@example.com');
    expect((await users.getFailed()).map((j) => j.id)).to.deep.equal(failedBefore);
  });
});
