import { expect } from 'chai';
import { Redis } from 'ioredis';
import { freePort } from '../../../apps/cli/demo/redis-for-demo.js';
import { FleetQueues } from '../../../libs/queue/fleet-queues.js';

describe('FleetQueues while Redis is unreachable', () => {
  it('print nothing on stderr themselves (the connection watch logs the outage as JSON)', async () => {
    const port = await freePort(); // nothing listens there
    const connection = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: null, retryStrategy: () => 50 });
    connection.on('error', () => undefined);
    const printed: unknown[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void printed.push(args);
    const queues = new FleetQueues(connection, '{fleet-queues-errors}');
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      console.error = consoleError;
      connection.disconnect();
      await queues.close().catch(() => undefined);
    }
    expect(printed).to.deep.equal([]);
  });
});
