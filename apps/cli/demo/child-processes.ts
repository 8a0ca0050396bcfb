import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const FLEET_BIN = fileURLToPath(new URL('../../../bin/fleet.js', import.meta.url));

export interface StartedChild {
  name: string;
  child: ChildProcess;
  /** Lines the child printed on stdout before it was considered started (e.g. `listening on …`, `ca …`). */
  lines: string[];
}

/**
 * `fleet <args>` child processes with their output appended to one log file. A child belongs to the group from
 * the moment it is spawned, so stopping the group also stops one that is still starting.
 */
export class FleetChildren {
  private readonly children: ChildProcess[] = [];

  constructor(private readonly log: WriteStream) {}

  /** Starts `fleet <args>`; when `readyLine` is given, waits until it prints a matching line on stdout. */
  async start(
    name: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    readyLine?: RegExp,
  ): Promise<StartedChild> {
    const child = spawn(process.execPath, [FLEET_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.push(child);
    const lines: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => this.log.write(`[${name}] ${chunk.toString()}`));
    const stdout = createInterface({ input: child.stdout! });
    let ready: Promise<void> = Promise.resolve();
    if (readyLine) {
      ready = new Promise<void>((resolve, reject) => {
        child.once('exit', (code) =>
          reject(new Error(`${name} exited with code ${code} before it was ready (see the demo log)`)),
        );
        stdout.on('line', (line) => {
          if (lines.length < 20) lines.push(line);
          if (readyLine.test(line)) resolve();
        });
      });
    }
    stdout.on('line', (line) => this.log.write(`[${name}] ${line}\n`));
    await ready;
    return { name, child, lines };
  }

  /** SIGTERM to every child still running, then waits for them (SIGKILL after `graceMs`). */
  async stopAll(graceMs = 15_000): Promise<void> {
    await Promise.all(this.children.map((child) => stopChild(child, graceMs)));
  }
}

/** SIGTERM, then waits for the exit (SIGKILL after `graceMs`). */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function openLog(path: string): WriteStream {
  return createWriteStream(path, { flags: 'a' });
}
