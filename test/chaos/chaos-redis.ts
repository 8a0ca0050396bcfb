import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../apps/cli/demo/redis-for-demo.js';

/**
 * A private `redis-server` on a free loopback port that a chaos scenario may stop, restart on the same port (with
 * its append-only file when `appendOnly`), or lose with everything it held. Never the shared Redis of the tests.
 */
export class ChaosRedis {
  private child: ChildProcess | null = null;
  private readonly killOnExit = (): void => void this.child?.kill('SIGKILL');

  private constructor(
    readonly port: number,
    private readonly dir: string,
    readonly appendOnly: boolean,
  ) {
    process.once('exit', this.killOnExit);
  }

  static async start(options: { appendOnly: boolean }): Promise<ChaosRedis> {
    const redis = new ChaosRedis(
      await freePort(),
      mkdtempSync(join(tmpdir(), 'chaos-redis-')),
      options.appendOnly,
    );
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again), resolving once it accepts connections (after loading its AOF, if any). */
  async up(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        this.appendOnly ? 'yes' : 'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output = (output + chunk.toString()).slice(-4_000);
        if (/Ready to accept connections/.test(output)) resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code, signal) =>
        reject(new Error(`redis-server exited (${signal ?? code}) before it was ready:\n${output}`)),
      );
    });
  }

  /** Stops the server: SIGTERM writes what it holds to its AOF first, SIGKILL does not. */
  async down(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
    this.child = null;
  }

  /** Killed, its files deleted and started empty: a Redis without persistence that restarted. */
  async lose(): Promise<void> {
    await this.down('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    await this.up();
  }

  async remove(): Promise<void> {
    await this.down('SIGKILL');
    process.removeListener('exit', this.killOnExit);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
