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
 * Runs `fleet <args>` as a child process with its output appended to a log file. When `readyLine` is given, waits
 * until the child prints a line matching it (simulators print `listening on <url>`).
 */
export async function startFleetChild(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  log: WriteStream,
  readyLine?: RegExp,
): Promise<StartedChild> {
  const child = spawn(process.execPath, [FLEET_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => log.write(`[${name}] ${chunk.toString()}`));
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
  stdout.on('line', (line) => log.write(`[${name}] ${line}\n`));
  await ready;
  return { name, child, lines };
}

/** SIGTERM to every child, then waits for them (SIGKILL after `graceMs`). */
export async function stopChildren(children: StartedChild[], graceMs = 15_000): Promise<void> {
  await Promise.all(
    children.map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }),
  );
}

export function openLog(path: string): WriteStream {
  return createWriteStream(path, { flags: 'a' });
}
