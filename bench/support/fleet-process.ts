import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** `bin/fleet.js`: the sources through tsx, as `npm start` and the tests run the fleet. */
export const FLEET_BIN = fileURLToPath(new URL('../../bin/fleet.js', import.meta.url));

/**
 * A long-running `fleet <command>` child (producer, worker) whose stdout and stderr go to a file: nothing the
 * bench process must read while it measures, and the log is there to look at when something goes wrong.
 */
export class FleetProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly logFile: string,
  ) {}

  /** `entry`: the script that is the `fleet` command (bin/fleet.js, or a compiled apps/cli/main.js). */
  static start(args: string[], env: NodeJS.ProcessEnv, logFile: string, entry = FLEET_BIN): FleetProcess {
    const fd = openSync(logFile, 'a');
    const child = spawn(process.execPath, [entry, ...args], { env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    return new FleetProcess(child, logFile);
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`fleet process did not start (see ${this.logFile})`);
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  log(): string {
    return readFileSync(this.logFile, 'utf8');
  }

  /** Waits for a JSON log line with this message and returns it parsed. */
  async waitForLog(message: string, timeoutMs: number): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const line of this.log().split('\n')) {
        if (!line.includes(`"message":"${message}"`)) continue;
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          // a line still being written
        }
      }
      if (!this.running) throw new Error(`fleet process exited before logging '${message}':\n${this.tail()}`);
      if (Date.now() > deadline)
        throw new Error(`no '${message}' log line in ${timeoutMs} ms:\n${this.tail()}`);
      await sleep(100);
    }
  }

  tail(chars = 3_000): string {
    return this.log().slice(-chars);
  }

  /** SIGTERM (graceful shutdown), then SIGKILL if it has not exited within `graceMs`; 0: SIGKILL at once. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
    const timer = graceMs > 0 ? setTimeout(() => this.child.kill('SIGKILL'), graceMs) : undefined;
    await exited;
    clearTimeout(timer);
  }
}
