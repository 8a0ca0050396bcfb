import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { redisKeyPrefix } from '../../../libs/queue/key-prefix.js';
import { TEST_REDIS_URL } from '../../support/redis-url.js';

const FLEET_BIN = fileURLToPath(new URL('../../../bin/fleet.js', import.meta.url));

/** Every stdout line of a child, and a way to wait for the first one matching a pattern. */
class OutputLines {
  readonly seen: string[] = [];
  private readonly waiters = new Set<() => void>();
  private exitCode: number | null | undefined;

  constructor(child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      this.seen.push(line);
      for (const wake of this.waiters) wake();
    });
    child.once('exit', (code) => {
      this.exitCode = code;
      for (const wake of this.waiters) wake();
    });
  }

  /** The first line matching `pattern`, now or later; rejects when the child exits without one. */
  first(pattern: RegExp): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        for (const line of this.seen) {
          const match = pattern.exec(line);
          if (match) {
            this.waiters.delete(check);
            return resolve(match);
          }
        }
        if (this.exitCode !== undefined) {
          this.waiters.delete(check);
          reject(new Error(`exited (${this.exitCode}) before printing ${pattern}:\n${this.seen.join('\n')}`));
        }
      };
      this.waiters.add(check);
      check();
    });
  }
}

/** The process ids below `pid` (Linux /proc). */
function descendantsOf(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (parent: number): void => {
    for (const [child, ppid] of parentOf)
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
  };
  walk(pid);
  return found;
}

/** Running: not gone and not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('fleet demo', function () {
  this.timeout(300_000);
  const prefix = `demo-test-${process.pid}-${Date.now().toString(36)}`;
  let occupier: Server;
  let demo: ChildProcess | undefined;
  let started: number[] = [];
  let logDir: string | undefined;

  before(async () => {
    occupier = createServer();
    await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    // A failed test must not leave the demo's processes behind: they would outlive it.
    if (demo && demo.exitCode === null && demo.signalCode === null) {
      started = [...new Set([...started, ...descendantsOf(demo.pid!)])];
      demo.kill('SIGKILL');
    }
    for (const pid of started.filter(isRunning)) process.kill(pid, 'SIGKILL');
    await new Promise<void>((resolve) => occupier.close(() => resolve()));
    if (logDir) rmSync(logDir, { recursive: true, force: true });
    const redis = new Redis(TEST_REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisKeyPrefix(prefix)}:*`, 'COUNT', 1_000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
    await redis.quit();
  });

  it('picks a free dashboard port when its port is taken, reports progress, and Ctrl-C stops every process', async () => {
    const taken = (occupier.address() as { port: number }).port;
    demo = spawn(
      process.execPath,
      [FLEET_BIN, 'demo', '--employees', '50', '--port', String(taken), '--queue-prefix', prefix],
      { env: { ...process.env, REDIS_URL: TEST_REDIS_URL }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    demo.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const output = new OutputLines(demo);

    const dashboard = await output.first(
      /^ {2}dashboard +http:\/\/127\.0\.0\.1:(\d+)\/ +\(port (\d+) is taken/,
    );
    const port = Number(dashboard[1]);
    expect(Number(dashboard[2])).to.equal(taken);
    expect(port).to.not.equal(taken);
    expect((await fetch(`http://127.0.0.1:${port}/live`)).status).to.equal(200);
    logDir = dirname((await output.first(/^ {2}logs +(\S+)$/))[1]!);

    await output.first(/^ {2}per type: \+ created {2}~ updated {2}- deactivated {2}! invalid {2}✗ failed$/);
    const progress = await output.first(/^ {2}\[(planning|running|completed\w*)\] .* backlog (\d+) calls/);
    expect(progress[0]).to.match(/users \+\d+ ~\d+ -\d+ !\d+ ✗\d+/);

    started = descendantsOf(demo.pid!);
    expect(started.length, 'simulators, producer, workers, dashboard').to.be.at.least(8);
    const exited = once(demo, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    demo.kill('SIGINT');
    const [code] = await exited;
    expect(code, stderr).to.equal(0);
    expect(started.filter(isRunning), 'processes left running').to.deep.equal([]);
  });
});
