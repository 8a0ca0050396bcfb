import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HammerReport } from './limiter-hammer.js';

const HAMMER = fileURLToPath(new URL('./limiter-hammer.ts', import.meta.url));

/** Hammer processes (limiter-hammer.ts) ready to start together; `reports` resolves when every one has reported. */
export interface Hammers {
  go(): void;
  reports: Promise<HammerReport[]>;
}

/** Forks `count` hammer processes with `env` and resolves once every one of them is ready to start. */
export async function startHammers(count: number, env: Record<string, string>): Promise<Hammers> {
  const children: ChildProcess[] = [];
  const ready: Promise<void>[] = [];
  const reports: Promise<HammerReport>[] = [];
  for (let i = 0; i < count; i++) {
    const child = fork(HAMMER, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...env, HAMMER_ID: String(i), LOG_LEVEL: 'error' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
    ready.push(new Promise((resolve) => child.once('message', () => resolve())));
    reports.push(
      new Promise((resolve, reject) => {
        child.on('message', (m: { type: string; report?: HammerReport }) => m.report && resolve(m.report));
        child.once('exit', (code) => reject(new Error(`hammer ${i} exited with ${code} before reporting`)));
      }),
    );
  }
  await Promise.all(ready);
  return { go: () => children.forEach((c) => c.send('go')), reports: Promise.all(reports) };
}
