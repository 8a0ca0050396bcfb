import { expect } from 'chai';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { FleetQueues } from '../../../libs/queue/fleet-queues.js';

/**
 * A BullMQ queue re-emits its connection's errors, and with no listener of its own BullMQ prints them with
 * console.error: a line that is not JSON in the middle of the process's logs. The fleet's queues listen.
 */
describe("FleetQueues: a connection's errors never reach the console", () => {
  it('prints nothing while Redis refuses the connection', async () => {
    const printed: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void printed.push(args);
    const redis = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: null });
    redis.on('error', () => undefined);
    const queues = new FleetQueues(redis, 'test-queue-errors');
    try {
      // A few refusals, each re-emitted by every queue over the connection.
      for (let i = 0; i < 3; i++) await once(redis, 'error');
      expect(printed).to.deep.equal([]);
    } finally {
      console.error = original;
      redis.disconnect();
      await queues.close().catch(() => undefined);
    }
  });
});
