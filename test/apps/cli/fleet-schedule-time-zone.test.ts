import { expect } from 'chai';
import { once } from 'node:events';
import { Queue } from 'bullmq';
import { createRedisConnection } from '../../../libs/queue/connections.js';
import { SCHEDULE_QUEUE } from '../../../libs/queue/names.js';
import { FleetHarness } from '../../support/fleet-harness.js';

/** The hour and minute an instant shows on a wall clock in `timeZone`. */
function wallClock(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(epochMs));
}

/** SYNC_SCHEDULE is read on the wall clock of SYNC_TIMEZONE (daylight saving included), as the original's CronJob was. */
describe('the producer schedules runs in SYNC_TIMEZONE', function () {
  this.timeout(120_000);

  for (const timeZone of ['America/Chicago', 'Asia/Kolkata']) {
    it(`"30 6 * * *" next fires at 06:30 on the wall clock of ${timeZone}, not of UTC`, async () => {
      const h = await FleetHarness.start({ company: { employees: 5, jobs: 2, departments: 1, vehicles: 1 } });
      const connection = createRedisConnection(h.redisUrl);
      const schedule = new Queue(SCHEDULE_QUEUE, { connection, prefix: h.keyPrefix });
      const producer = h.spawnFleet(['producer'], {
        SYNC_SCHEDULE: '30 6 * * *',
        SYNC_TIMEZONE: timeZone,
        RECONCILE_SCHEDULE: '0 3 * * *',
      });
      try {
        const deadline = Date.now() + 60_000;
        let next: number | undefined;
        while (next === undefined) {
          if (Date.now() > deadline) throw new Error('the producer never registered its sync schedule');
          next = (await schedule.getJobScheduler('sync'))?.next;
          if (next === undefined) await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(wallClock(next, timeZone)).to.equal('06:30');
        // Both zones are away from UTC at 06:30 local time, so a schedule read in UTC would fail the line above.
        expect(wallClock(next, 'UTC')).not.to.equal('06:30');
        expect(next - Date.now()).to.be.within(0, 24 * 3_600_000);
        const reconcile = await schedule.getJobScheduler('reconcile');
        expect(reconcile?.tz).to.equal(timeZone);
      } finally {
        producer.kill('SIGTERM');
        await once(producer, 'exit');
        await schedule.close();
        await connection.quit();
        await h.close();
      }
    });
  }
});
