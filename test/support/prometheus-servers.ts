import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/*
 * Debian's Prometheus and Pushgateway (scripts/system-tools.json) as children of the test, on free loopback ports,
 * with temporary storage; killed at close and when the test process exits.
 */

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface PromProcess {
  url: string;
  close(): Promise<void>;
}

async function startHttpChild(
  binary: string,
  args: (port: number) => string[],
  readyPath: string,
  dir: string,
): Promise<PromProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(binary, args(port), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8_000);
  });
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  const close = async (): Promise<void> => {
    process.removeListener('exit', kill);
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000).then(kill)]);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 300; i += 1) {
    if (child.exitCode !== null) break;
    const ok = await fetch(url + readyPath).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, close };
    await sleep(100);
  }
  await close();
  throw new Error(`${binary} did not become ready on ${url}:\n${stderr}`);
}

/** `prometheus-pushgateway` on a free loopback port, without persistence. */
export async function startPushgateway(): Promise<PromProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'pushgateway-'));
  return startHttpChild(
    'prometheus-pushgateway',
    (port) => [`--web.listen-address=127.0.0.1:${port}`],
    '/-/ready',
    dir,
  );
}

export interface PrometheusServer extends PromProcess {
  /** An instant query through the HTTP API: the result vector. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** The alerts the rules made, with their state (pending, firing). */
  alerts(): Promise<{ labels: Record<string, string>; state: string }[]>;
  /** The scrape targets' health by job. */
  targets(): Promise<{ job: string; health: string; lastError: string }[]>;
}

/**
 * `prometheus` on a free loopback port with `config` (YAML text; `rule_files` relative to its directory, where
 * `files` are written) and a temporary TSDB.
 */
export async function startPrometheus(
  config: string,
  files: Record<string, string> = {},
): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), config);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const child = await startHttpChild(
    'prometheus',
    (port) => [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    '/-/ready',
    dir,
  );
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(child.url + path);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? res.status}`);
    return body.data;
  };
  return {
    ...child,
    query: async (expr) =>
      (
        await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
          `/api/v1/query?query=${encodeURIComponent(expr)}`,
        )
      ).result,
    alerts: async () =>
      (await api<{ alerts: { labels: Record<string, string>; state: string }[] }>('/api/v1/alerts')).alerts,
    targets: async () =>
      (
        await api<{ activeTargets: { labels: Record<string, string>; health: string; lastError: string }[] }>(
          '/api/v1/targets',
        )
      ).activeTargets.map((t) => ({ job: t.labels.job ?? '', health: t.health, lastError: t.lastError })),
  };
}
