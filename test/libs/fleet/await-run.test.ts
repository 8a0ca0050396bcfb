import { expect } from 'chai';
import { awaitRun } from '../../../libs/fleet/run/await-run.js';
import { requestRun } from '../../../libs/fleet/run/request-run.js';
import { createLogger } from '../../../libs/platform/logger.js';
import { deleteKeysWithPrefix } from '../../../libs/platform/redis-client.js';
import { RedisConnections } from '../../../libs/queue/connections.js';
import { FleetQueues } from '../../../libs/queue/fleet-queues.js';
import { redisKeyPrefix } from '../../../libs/queue/key-prefix.js';
import { RunRecords } from '../../../libs/state/run-records.js';
import { TEST_REDIS_URL } from '../../support/redis-url.js';

describe('awaitRun', function () {
  this.timeout(30_000);

  it('ends when Redis no longer holds the run (lost with a Redis without persistence), instead of waiting forever', async () => {
    const prefix = redisKeyPrefix(`await-run-${process.pid}-${Date.now().toString(36)}`);
    const connections = new RedisConnections({ url: TEST_REDIS_URL, failFast: false }, createLogger('test'));
    const queues = new FleetQueues(connections.commands, prefix);
    const runRecords = new RunRecords(connections.commands, prefix);
    try {
      const runId = await requestRun(queues.runs, { kind: 'sync', trigger: 'cli' });
      const waiting = awaitRun({ queues, runRecords, connections }, runId, 200);
      // No producer ever takes it; then Redis loses it (as a restart without AOF or RDB would).
      await new Promise((resolve) => setTimeout(resolve, 500));
      await deleteKeysWithPrefix(connections.commands, prefix);
      expect(await waiting).to.equal(null);
    } finally {
      await queues.close().catch(() => undefined);
      await deleteKeysWithPrefix(connections.commands, prefix).catch(() => undefined);
      await connections.close();
    }
  });
});
