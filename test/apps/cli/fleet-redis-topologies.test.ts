import { expect } from 'chai';
import {
  startSafetyAmpSimulator,
  type RunningSafetyAmpSimulator,
} from '../../../apps/simulators/safetyamp/server.js';
import { ENTITY_TYPES } from '../../../libs/domain/types.js';
import { createLogger } from '../../../libs/platform/logger.js';
import { redisPreflight } from '../../../libs/platform/redis-preflight.js';
import { RedisConnections } from '../../../libs/queue/connections.js';
import { dataNodes, untilReady } from '../../../libs/platform/redis-client.js';
import { expectNoDuplicates } from '../../support/fleet-assertions.js';
import { FleetHarness } from '../../support/fleet-harness.js';
import { startHammers } from '../../support/limiter-hammers.js';
import {
  makeTestCertificates,
  startRedisCluster,
  startTlsRedis,
  type TestCertificates,
  type TestRedis,
} from '../../support/redis-servers.js';

const apiCalls = (h: FleetHarness): number =>
  h.safetyamp.calls().filter((c) => c.path.startsWith('/api/')).length;

const SCENARIOS: { name: string; start: (certs: TestCertificates) => Promise<TestRedis> }[] = [
  { name: 'a Redis Cluster of 3 masters', start: () => startRedisCluster() },
  { name: 'a Redis over TLS with a private CA', start: (certs) => startTlsRedis(certs) },
  {
    name: 'a Redis Cluster over TLS, seeded by host name',
    start: (certs) => startRedisCluster({ tls: certs }),
  },
];

describe('the fleet on a Redis Cluster and over TLS (redis-server started by the test, fleet processes)', function () {
  this.timeout(300_000);
  let certs: Awaited<ReturnType<typeof makeTestCertificates>> | undefined;

  before(async () => {
    certs = await makeTestCertificates();
  });
  after(async () => {
    await certs?.remove();
  });

  for (const scenario of SCENARIOS) {
    describe(scenario.name, () => {
      let redis: TestRedis | undefined;
      let h: FleetHarness | undefined;

      before(async () => {
        redis = await scenario.start(certs!);
        h = await FleetHarness.start({
          company: { employees: 60, jobs: 20, departments: 5, vehicles: 8 },
          redisUrl: redis.target.url,
          // Job locks long enough that a machine under load never loses one: recovery is not what this tests.
          env: { ...redis.env, WORKER_LOCK_MS: '30000' },
        });
      });
      after(async () => {
        try {
          await h?.close();
        } finally {
          await redis?.stop();
        }
      });

      it('the Redis preflight passes and checks every server holding data', async () => {
        const connections = new RedisConnections(
          { ...redis!.target, failFast: true },
          createLogger('preflight-test'),
        );
        try {
          const facts = await redisPreflight(
            connections.commands,
            { allowEviction: false, url: redis!.target.url },
            createLogger('preflight-test'),
          );
          expect(facts).to.have.length(redis!.nodes.length);
          for (const node of facts) expect(node.maxmemoryPolicy, node.node).to.equal('noeviction');
        } finally {
          await connections.close();
        }
      });

      it('a first sync creates everything, a second makes 0 SafetyAmp calls', async () => {
        const first = await h!.sync();
        expect(first.summary.status, first.stderr.slice(-3000)).to.equal('completed_with_errors');
        for (const type of ENTITY_TYPES) expect(first.summary[type].failed, `${type} failed`).to.equal(0);
        expect(first.summary.users.created).to.be.greaterThan(20);
        expect(first.summary.sites.created).to.be.greaterThan(0);
        expect(first.summary.safetyampCalls).to.equal(apiCalls(h!));
        expectNoDuplicates(h!);

        h!.safetyamp.clearCalls();
        const second = await h!.sync();
        expect(second.summary.safetyampCalls, second.stderr.slice(-3000)).to.equal(0);
        expect(apiCalls(h!)).to.equal(0);
        for (const type of ENTITY_TYPES) {
          const writes = second.summary[type].created + second.summary[type].updated;
          expect(writes + second.summary[type].deactivated, type).to.equal(0);
        }
      });

      if (scenario.name.includes('Cluster'))
        it('every key the fleet wrote is in one slot, on one master', async () => {
          const connections = new RedisConnections(
            { ...redis!.target, failFast: true },
            createLogger('slot-test'),
          );
          try {
            await untilReady(connections.commands);
            const holders: string[] = [];
            const slots = new Set<number>();
            for (const node of dataNodes(connections.commands)) {
              const [, keys] = await node.scan('0', 'MATCH', `${h!.keyPrefix}:*`, 'COUNT', 100_000);
              if (!keys.length) continue;
              holders.push(`${node.options.host}:${node.options.port}`);
              for (const key of keys.slice(0, 50)) slots.add((await node.cluster('KEYSLOT', key)) as number);
            }
            expect(holders).to.have.length(1);
            expect(slots.size).to.equal(1);
          } finally {
            await connections.close();
          }
        });

      it('two processes share one rate budget: a strict server answers no 429', async () => {
        let sim: RunningSafetyAmpSimulator | undefined;
        try {
          sim = await startSafetyAmpSimulator({ rateLimit: { max: 10, windowMs: 1000 } });
          const hammers = await startHammers(2, {
            ...redis!.env,
            SA_URL: sim.url,
            SA_TOKEN: sim.token,
            SA_FQDN: sim.fqdn,
            SA_RATE_LIMIT: '10/1s',
            // Under the fleet's prefix: on a cluster, in the fleet's slot; removed with the harness's keys.
            LIMITER_PREFIX: h!.keyPrefix,
            HAMMER_DURATION_MS: '3000',
          });
          hammers.go();
          const reports = await hammers.reports;
          const stats = sim.stats();
          expect(stats.rateLimited, JSON.stringify(stats)).to.equal(0);
          for (const report of reports) {
            expect(report.failures, `hammer ${report.id}`).to.deep.equal({});
            expect(report.ok, `hammer ${report.id} got its share`).to.be.greaterThan(0);
          }
          // More than one window's budget went through, so the limiter had to hold calls back, fleet-wide.
          expect(reports.reduce((sum, r) => sum + r.ok, 0)).to.be.greaterThan(10);
        } finally {
          await sim?.close();
        }
      });
    });
  }
});
