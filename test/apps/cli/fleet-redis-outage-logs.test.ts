import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSummary } from '../../../libs/state/run-records.js';
import { expectNoDuplicates, expectSyncedApartFromInvalid } from '../../support/fleet-assertions.js';
import { FleetHarness } from '../../support/fleet-harness.js';
import { startPlainRedis } from '../../support/redis-servers.js';

/** Everything a child process writes, line by line, per stream. */
function capture(child: ChildProcess): { stdout: string[]; stderr: string[]; text(): string } {
  const out = { stdout: [''], stderr: [''] };
  const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const lines = (out[stream].pop() + chunk.toString()).split('\n');
    out[stream].push(...lines);
  };
  child.stdout?.on('data', take('stdout'));
  child.stderr?.on('data', take('stderr'));
  return {
    get stdout() {
      return out.stdout.filter((l) => l !== '');
    },
    get stderr() {
      return out.stderr.filter((l) => l !== '');
    },
    text: () => [...out.stdout, ...out.stderr].join('\n'),
  };
}

/** Every line parses as JSON; the parsed log entries. */
function jsonLines(lines: string[], what: string): Record<string, unknown>[] {
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      const around = lines.slice(Math.max(0, i - 3), i + 12).join('\n');
      throw new Error(`${what} printed a line that is not JSON: ${line}\n${around}`);
    }
  });
}

async function until(condition: () => boolean, what: string, limitMs = 120_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A Redis outage in the middle of a run, seen from the processes' output: `fleet sync --wait` and a worker keep every
 * line JSON (no `[ioredis] Unhandled error event`), log the loss and the return of Redis once each (whatever the number of
 * connections), and the run rides the outage out.
 */
describe('a Redis outage keeps every output line JSON', function () {
  this.timeout(300_000);

  it('`fleet sync --wait` and a worker log one JSON line per state change while Redis stops and comes back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redis-outage-'));
    // Persistence, so that the run and its jobs survive the restart (as a deployment's Redis must).
    const persist = ['--appendonly', 'yes', '--dir', dir];
    let redis = await startPlainRedis({ args: persist });
    const h = await FleetHarness.start({
      company: { employees: 80, jobs: 20, departments: 4, vehicles: 8 },
      rateLimit: { max: 30, windowMs: 1_000 },
      redisUrl: redis.target.url,
    });
    try {
      const env = { LOG_LEVEL: 'info', WORKER_CONCURRENCY: '2' };
      const worker = h.spawnFleet(['worker'], env);
      const workerOut = capture(worker);
      await until(() => workerOut.text().includes('worker started'), 'the worker to start');
      const sync = h.spawnFleet(['sync', '--wait', '--json'], env);
      const syncOut = capture(sync);
      const syncExit = once(sync, 'exit') as Promise<[number | null]>;
      await until(() => (h.safetyamp.state().users ?? []).filter((u) => u.emp_id).length >= 10, 'users');
      await redis.stop();
      await until(
        () =>
          syncOut.text().includes('redis connection lost') &&
          workerOut.text().includes('redis connection lost'),
        'both processes to see Redis go',
      );
      redis = await startPlainRedis({ port: redis.port, args: persist });
      const [code] = await syncExit;
      const exited = once(worker, 'exit');
      worker.kill('SIGTERM');
      await exited;

      for (const [what, out] of [
        ['fleet sync', syncOut],
        ['worker', workerOut],
      ] as const) {
        expect(out.text(), what).not.to.contain('Unhandled error event');
        const entries = jsonLines(out.stderr, `${what} (stderr)`);
        const changes = entries.filter(
          (e) => e.message === 'redis connection lost' || e.message === 'redis connection back',
        );
        // One line per state change for the whole process, however many connections it holds.
        expect(
          changes.map((e) => e.message),
          what,
        ).to.deep.equal(['redis connection lost', 'redis connection back']);
      }
      expect(syncOut.stdout, 'fleet sync prints one summary on stdout').to.have.length(1);
      const [summary] = jsonLines(syncOut.stdout, 'fleet sync (stdout)') as unknown as RunSummary[];
      expect(code).to.equal(1);
      expectSyncedApartFromInvalid(summary!);
      expectNoDuplicates(h);
    } finally {
      await h.close().catch(() => undefined);
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
