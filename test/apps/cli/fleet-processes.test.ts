import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { FleetLogLevel } from '../../../libs/platform/fleet-log-level.js';
import { createRedisConnection } from '../../../libs/queue/index.js';
import { FleetHarness } from '../../support/fleet-harness.js';

/** Resolves with the first JSON log line of `child` whose message is `message`. */
function logLine(child: ChildProcess, message: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.once('exit', (code) => reject(new Error(`exited with ${code} before logging '${message}'`)));
    child.stderr?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (entry.message === message) resolve(entry);
        } catch {
          // not a complete JSON line yet
        }
      }
    });
  });
}

describe('fleet processes: health endpoints, configuration errors, graceful shutdown', function () {
  this.timeout(120_000);
  let h: FleetHarness;

  before(async () => {
    h = await FleetHarness.start({ company: { employees: 20, jobs: 5, departments: 2, vehicles: 2 } });
  });
  after(async () => {
    await h?.close();
  });

  it('a worker serves /live, /ready and /metrics, and exits 0 on SIGTERM', async () => {
    const worker = h.spawnFleet(['worker'], { LOG_LEVEL: 'info' });
    const started = await logLine(worker, 'worker started');
    const base = `http://127.0.0.1:${String(started.healthPort)}`;
    expect((await fetch(`${base}/live`)).status).to.equal(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).to.equal(200);
    const report = (await ready.json()) as { status: string; checks: Record<string, unknown> };
    // No run has read a source yet in this harness: unknown sources leave the worker ready.
    expect(report.status).to.equal('ready');
    expect(report.checks).to.deep.include({
      redis: { status: 'ok' },
      safetyamp: { status: 'ok', breaker: 'closed' },
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).to.contain('safetyamp_api_circuit_state');
    expect(metrics).to.contain('safetyamp_process_resident_memory_bytes');
    const exited = once(worker, 'exit');
    worker.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).to.equal(0);
  });

  it('a worker logs its effective log level at start and follows a runtime change without a restart', async () => {
    const worker = h.spawnFleet(['worker'], { LOG_LEVEL: 'info' });
    expect(await logLine(worker, 'effective log level')).to.include({
      logLevel: 'info',
      source: 'LOG_LEVEL',
    });
    await logLine(worker, 'worker started');
    const redis = createRedisConnection(h.redisUrl);
    try {
      const changed = logLine(worker, 'log level changed');
      expect(await new FleetLogLevel(redis, h.keyPrefix, 'info').publish('debug')).to.be.at.least(1);
      expect(await changed).to.include({ logLevel: 'debug', source: 'dashboard' });
      const back = logLine(worker, 'log level changed');
      await new FleetLogLevel(redis, h.keyPrefix, 'info').publish(null);
      expect(await back).to.include({ logLevel: 'info', source: 'LOG_LEVEL' });
    } finally {
      await redis.quit();
    }
    const exited = once(worker, 'exit');
    worker.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).to.equal(0);
  });

  it('a bad environment variable stops the process at start with its name, exit 2', async () => {
    const result = await h.runFleet(['worker'], { SAFETYAMP_RATE_LIMIT: 'sixty', VISTA_PORT: '0x' });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/SAFETYAMP_RATE_LIMIT: expected <calls>\/<window>/);
    expect(result.stderr).to.match(/VISTA_PORT: /);
  });

  it('`fleet sync` exits 2 when Redis cannot be reached', async () => {
    const result = await h.runFleet(['sync', '--wait', '--json'], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('cannot reach Redis at redis://127.0.0.1:1');
  });

  it('an unknown command says so and exits 2', async () => {
    const result = await h.runFleet(['frobnicate']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain("unknown command 'frobnicate'");
  });
});
