import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { checkReadiness, type ReadinessReport } from '../../../libs/fleet/readiness.js';
import { startHealthServer } from '../../../libs/platform/health-server.js';
import { deleteKeysWithPrefix, type RedisClient } from '../../../libs/platform/redis-client.js';
import { createRedisConnection } from '../../../libs/queue/connections.js';
import type { BreakerState } from '../../../libs/safetyamp/types.js';
import { SourceHealth } from '../../../libs/state/source-health.js';
import { startPlainRedis } from '../../support/redis-servers.js';
import { TEST_REDIS_URL } from '../../support/redis-url.js';

/** A process's /ready over real HTTP, on real Redis: what it answers for each state of its dependencies. */
describe('readiness: /ready per dependency, degraded but 200 while useful work is possible', function () {
  this.timeout(30_000);
  const prefix = `test-ready-${randomBytes(5).toString('hex')}`;
  let redis: RedisClient;
  let health: SourceHealth;
  let breaker: BreakerState;
  let stopping: boolean;
  let server: Awaited<ReturnType<typeof startHealthServer>>;

  const ready = async (): Promise<{ status: number; body: ReadinessReport & { status: string } }> => {
    const res = await fetch(`http://127.0.0.1:${server.port}/ready`);
    return { status: res.status, body: (await res.json()) as ReadinessReport };
  };
  const read = (source: string, ok: boolean, at = new Date()): Promise<void> =>
    health.record(source, {
      ok,
      at,
      rows: ok ? 10 : 0,
      ...(ok ? {} : { error: 'FetchError: ECONNREFUSED' }),
    });

  before(async () => {
    redis = createRedisConnection(TEST_REDIS_URL);
    health = new SourceHealth(redis, prefix);
    server = await startHealthServer(
      0,
      {
        ready: () => checkReadiness({ redis, sourceHealth: health, breaker: () => breaker }),
        shuttingDown: () => stopping,
      },
      '127.0.0.1',
    );
  });
  beforeEach(async () => {
    breaker = 'closed';
    stopping = false;
    await deleteKeysWithPrefix(redis, prefix);
  });
  after(async () => {
    await server?.close();
    await deleteKeysWithPrefix(redis, prefix);
    await redis?.quit();
  });

  it('is ready (200) with Redis up, the breaker closed and no source read yet (unknown)', async () => {
    const { status, body } = await ready();
    expect(status).to.equal(200);
    expect(body).to.deep.equal({
      status: 'ready',
      checks: {
        redis: { status: 'ok' },
        safetyamp: { status: 'ok', breaker: 'closed' },
        sources: {
          vista: { status: 'unknown' },
          graph: { status: 'unknown' },
          samsara: { status: 'unknown' },
        },
      },
    });
  });

  it('is degraded (still 200) while a source is down, saying which, since when and why', async () => {
    await read('vista', true);
    await read('graph', true);
    await read('samsara', false, new Date(Date.now() - 90_000));
    const { status, body } = await ready();
    expect(status).to.equal(200);
    expect(body.status).to.equal('degraded');
    expect(body.checks.sources.vista).to.include({ status: 'ok', consecutiveFailures: 0 });
    expect(body.checks.sources.graph?.status).to.equal('ok');
    const samsara = body.checks.sources.samsara;
    // A source that never answered is down at its first failed read.
    expect(samsara).to.include({ status: 'down', consecutiveFailures: 1, error: 'FetchError: ECONNREFUSED' });
    expect(samsara?.lastOkAt).to.equal(undefined);
    expect(samsara?.ageSeconds).to.be.at.least(90).and.below(120);
  });

  it('a source that worked is degraded by one failed read, down after three in a row, ok after a good read', async () => {
    await read('graph', true);
    await read('graph', false);
    let { status, body } = await ready();
    expect(status).to.equal(200);
    expect(body.status).to.equal('degraded');
    expect(body.checks.sources.graph).to.include({ status: 'degraded', consecutiveFailures: 1 });
    expect(body.checks.sources.graph?.lastOkAt).to.be.a('string');
    await read('graph', false);
    await read('graph', false);
    ({ status, body } = await ready());
    expect(status).to.equal(200);
    expect(body.checks.sources.graph).to.include({ status: 'down', consecutiveFailures: 3 });
    await read('graph', true);
    ({ body } = await ready());
    expect(body.status).to.equal('ready');
    expect(body.checks.sources.graph).to.include({ status: 'ok', consecutiveFailures: 0 });
    expect(body.checks.sources.graph?.error).to.equal(undefined);
  });

  it('is degraded (still 200) while the SafetyAmp breaker is half-open or open', async () => {
    for (const state of ['half-open', 'open'] as const) {
      breaker = state;
      const { status, body } = await ready();
      expect(status, state).to.equal(200);
      expect(body.status, state).to.equal('degraded');
      expect(body.checks.safetyamp, state).to.deep.equal({ status: 'degraded', breaker: state });
    }
  });

  it('is not ready (503) once shutting down', async () => {
    stopping = true;
    const { status, body } = await ready();
    expect(status).to.equal(503);
    expect(body.status).to.equal('shutting_down');
  });

  it('is not ready (503) while its Redis is down, and ready again when it is back', async () => {
    const own = await startPlainRedis();
    const client = createRedisConnection(own.target.url);
    const ownHealth = new SourceHealth(client, prefix);
    const ownServer = await startHealthServer(
      0,
      {
        ready: () => checkReadiness({ redis: client, sourceHealth: ownHealth, breaker: () => 'closed' }),
        shuttingDown: () => false,
      },
      '127.0.0.1',
    );
    client.on('error', () => undefined);
    await client.ping();
    try {
      const probe = async () => {
        const res = await fetch(`http://127.0.0.1:${ownServer.port}/ready`);
        return { status: res.status, body: (await res.json()) as ReadinessReport };
      };
      expect((await probe()).status).to.equal(200);
      await own.stop();
      const down = await probe();
      expect(down.status).to.equal(503);
      expect(down.body.status).to.equal('not_ready');
      expect(down.body.checks.redis.status).to.equal('down');
      // Nothing to tell of the sources without Redis.
      expect(down.body.checks.sources.vista?.status).to.equal('unknown');
      const again = await startPlainRedis({ port: own.port });
      try {
        const deadline = Date.now() + 20_000;
        let back = await probe();
        while (back.status !== 200 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          back = await probe();
        }
        expect(back.body.status).to.equal('ready');
      } finally {
        client.disconnect();
        await again.stop();
      }
    } finally {
      client.disconnect();
      await ownServer.close();
      await own.stop();
    }
  });
});
