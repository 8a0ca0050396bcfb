import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { createLogger } from '../../../libs/platform/logger.js';
import { RedisPreflightError, redisPreflight } from '../../../libs/platform/redis-preflight.js';
import { RedisConnections } from '../../../libs/queue/connections.js';
import { redisKeyPrefix } from '../../../libs/queue/key-prefix.js';
import {
  dataNodes,
  deleteKeysWithPrefix,
  untilReady,
  type RedisClient,
} from '../../../libs/platform/redis-client.js';
import { AuditTrail } from '../../../libs/state/audit-trail.js';
import { CreateIntents } from '../../../libs/state/create-intents.js';
import { Mirror } from '../../../libs/state/mirror.js';
import { RunRecords } from '../../../libs/state/run-records.js';
import { WorkerRegistry, type WorkerHeartbeat } from '../../../libs/state/worker-registry.js';
import { startRedisCluster, type TestRedis } from '../../support/redis-servers.js';

const logger = createLogger('redis-cluster-test');

function heartbeat(workerId: string): WorkerHeartbeat {
  const now = new Date().toISOString();
  return {
    workerId,
    host: 'h',
    queues: ['users'],
    concurrency: 1,
    breaker: 'closed',
    startedAt: now,
    seenAt: now,
  };
}

/** Keys of `pattern` on each master, by `host:port`. */
async function keysByMaster(client: RedisClient, pattern: string): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const node of dataNodes(client)) {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, page] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
      cursor = next;
      keys.push(...page);
    } while (cursor !== '0');
    found.set(`${node.options.host}:${node.options.port}`, keys);
  }
  return found;
}

describe('the fleet’s Redis state on a Redis Cluster (3 masters started by the test)', function () {
  this.timeout(120_000);
  let cluster: TestRedis;
  let connections: RedisConnections;
  let redis: RedisClient;
  let prefix: string;

  before(async () => {
    cluster = await startRedisCluster();
    connections = new RedisConnections({ ...cluster.target, failFast: true }, logger);
    redis = connections.commands;
    await untilReady(redis);
  });
  after(async () => {
    try {
      await connections?.close();
    } finally {
      await cluster?.stop();
    }
  });
  beforeEach(() => {
    prefix = redisKeyPrefix(`cluster-${randomUUID()}`);
  });

  it('is a cluster client whose masters are the three servers', () => {
    expect(dataNodes(redis).map((n) => `${n.options.host}:${n.options.port}`)).to.have.members(cluster.nodes);
  });

  it('the preflight refuses a cluster where any master may evict keys, naming that master', async () => {
    const masters = dataNodes(redis);
    const last = masters[masters.length - 1] as Redis;
    const where = `${last.options.host}:${last.options.port}`;
    await last.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      let refused: unknown;
      await redisPreflight(redis, { allowEviction: false, url: cluster.target.url }, logger).catch(
        (err: unknown) => (refused = err),
      );
      expect(refused).to.be.instanceOf(RedisPreflightError);
      expect((refused as Error).message).to.include(`allkeys-lru on ${where}`);
      const facts = await redisPreflight(redis, { allowEviction: true, url: cluster.target.url }, logger);
      expect(facts.map((f) => f.maxmemoryPolicy).sort()).to.deep.equal([
        'allkeys-lru',
        'noeviction',
        'noeviction',
      ]);
    } finally {
      await last.config('SET', 'maxmemory-policy', 'noeviction');
    }
  });

  it('the worker registry lists live processes without SCAN, and forgets expired and removed ones', async () => {
    const registry = new WorkerRegistry(redis, prefix);
    await registry.beat(heartbeat('producer-1'));
    await registry.beat(heartbeat('worker-1'));
    await registry.beat(heartbeat('worker-2'));
    expect((await registry.alive()).map((w) => w.workerId).sort()).to.deep.equal([
      'producer-1',
      'worker-1',
      'worker-2',
    ]);
    await registry.remove('worker-1');
    // A process killed without goodbye: its heartbeat expires (here: is gone), its id stays in the index a while.
    await redis.del(`${prefix}:workers:worker-2`);
    expect((await registry.alive()).map((w) => w.workerId)).to.deep.equal(['producer-1']);
    expect(await registry.aliveOn('users')).to.have.length(1);
  });

  it('run records: the start script forgets old runs (keys it builds itself) within the slot', async () => {
    const runs = new RunRecords(redis, prefix, { maxAgeMs: 3_600_000, maxRuns: 1 });
    expect(await runs.start('run-1', 'sync', 'cli', false, new Date(1_000))).to.equal(true);
    await runs.recordPlan('run-1', { users: { invalid: 1 } }, [], []);
    expect(await runs.settleJob('run-1', 'job-1', 'users', 'created')).to.equal(true);
    expect(await runs.settleJob('run-1', 'job-1', 'users', 'created')).to.equal(false);
    expect((await runs.get('run-1'))?.users.created).to.equal(1);

    expect(await runs.start('run-2', 'sync', 'cli', false, new Date(2_000))).to.equal(true);
    expect(await runs.get('run-1')).to.equal(null);
    expect(await redis.exists(`${prefix}:run:run-1:settled`)).to.equal(0);
    expect((await runs.list()).map((r) => r.runId)).to.deep.equal(['run-2']);
  });

  it('a write’s bookkeeping is one transaction: mirror, audit trail and create intent together', async () => {
    const mirror = new Mirror(redis, prefix);
    const audit = new AuditTrail(redis, prefix);
    const intents = new CreateIntents(redis, prefix, mirror, 60_000);
    const guard = await intents.open('users', '1001', { fingerprint: 'f', jobId: 'j', openedAt: 'now' });
    expect(guard).to.deep.equal({ kind: 'opened', earlier: null });

    const multi = redis.multi();
    mirror.putInto(multi, 'users', '1001', { id: 'u-1' });
    audit.appendInto(multi, {
      at: 'now',
      runId: 'run-1',
      type: 'users',
      key: '1001',
      action: 'create',
      safetyampId: 'u-1',
      changes: {},
      jobId: 'j',
    });
    intents.closeInto(multi, 'users', '1001');
    const results = (await multi.exec()) ?? [];
    expect(results.filter(([err]) => err !== null)).to.deep.equal([]);

    expect(await mirror.idOf('users', '1001')).to.equal('u-1');
    expect(await intents.get('users', '1001')).to.equal(null);
    expect(await audit.forKey('users', '1001')).to.have.length(1);
    expect(
      await intents.open('users', '1001', { fingerprint: 'f', jobId: 'k', openedAt: 'now' }),
    ).to.deep.equal({
      kind: 'exists',
      id: 'u-1',
    });
  });

  it('deleting by prefix reaches every master (keys without a hash tag spread over the slots)', async () => {
    const plain = `plain-${randomUUID()}`;
    for (let i = 0; i < 30; i++) await redis.set(`${plain}:${i}`, '1');
    await redis.set(`other-${randomUUID()}`, 'kept');
    const before = await keysByMaster(redis, `${plain}:*`);
    expect([...before.values()].filter((keys) => keys.length > 0).length, 'spread').to.be.greaterThan(1);

    await deleteKeysWithPrefix(redis, plain);
    const after = await keysByMaster(redis, `${plain}:*`);
    expect([...after.values()].flat()).to.deep.equal([]);
    expect((await keysByMaster(redis, 'other-*')).size).to.equal(3);
    expect([...(await keysByMaster(redis, 'other-*')).values()].flat()).to.have.length(1);
  });

  // Last: it stops the cluster.
  it('with failFast, commands are refused while the whole cluster is unreachable instead of waiting for it', async () => {
    await cluster.stop();
    let refused: unknown;
    await redis.get(`${prefix}:anything`).catch((err: unknown) => (refused = err));
    expect(refused).to.be.instanceOf(Error);
  });
});
