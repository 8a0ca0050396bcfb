import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The signal on which a child writes a diagnostic report; SIGUSR2 takes heap snapshots, SIGUSR1 is the inspector's. */
const REPORT_SIGNAL = 'SIGWINCH';
const SNAPSHOT_SIGNAL = 'SIGUSR2';

/** NODE_OPTIONS with which a child writes diagnostic reports and heap snapshots into `dir` on signals. */
export function diagnosticsOnSignal(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return [
    process.env.NODE_OPTIONS ?? '',
    '--report-on-signal',
    `--report-signal=${REPORT_SIGNAL}`,
    `--report-directory=${dir}`,
    '--report-compact',
    `--heapsnapshot-signal=${SNAPSHOT_SIGNAL}`,
    `--diagnostic-dir=${dir}`,
  ]
    .join(' ')
    .trim();
}

/** The JS heap of a process at one moment (live objects and garbage not yet collected), in MB. */
export interface HeapAtMoment {
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  rssMb: number;
}

/** What survives a full garbage collection, from a heap snapshot, in MB. */
export interface LiveHeap {
  liveMb: number;
  /** Strings, most of them the source text of the loaded modules. */
  stringsMb: number;
  /** Compiled code. */
  codeMb: number;
}

const mb = (bytes: number | undefined): number => (bytes ?? NaN) / 1024 / 1024;

/** Asks `pid` for a diagnostic report; null when none comes within `timeoutMs`. */
export async function heapReport(pid: number, dir: string, timeoutMs = 15_000): Promise<HeapAtMoment | null> {
  const report = (await signalForFile(pid, dir, REPORT_SIGNAL, /^report\..*\.json$/, timeoutMs)) as {
    javascriptHeap: { usedMemory: number; totalMemory: number; externalMemory?: number };
    resourceUsage: { rss: number };
  } | null;
  if (!report) return null;
  return {
    heapUsedMb: mb(report.javascriptHeap.usedMemory),
    heapTotalMb: mb(report.javascriptHeap.totalMemory),
    externalMb: mb(report.javascriptHeap.externalMemory),
    rssMb: mb(report.resourceUsage.rss),
  };
}

/** Asks `pid` for a heap snapshot (it collects garbage first) and sums it up; null when none comes in time. */
export async function liveHeap(pid: number, dir: string, timeoutMs = 60_000): Promise<LiveHeap | null> {
  const snapshot = (await signalForFile(
    pid,
    dir,
    SNAPSHOT_SIGNAL,
    /^Heap\..*\.heapsnapshot$/,
    timeoutMs,
  )) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
  } | null;
  if (!snapshot) return null;
  const fields = snapshot.snapshot.meta.node_fields;
  const typeNames = snapshot.snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const sizeAt = fields.indexOf('self_size');
  let live = 0;
  let strings = 0;
  let code = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const size = snapshot.nodes[i + sizeAt] ?? 0;
    const type = typeNames[snapshot.nodes[i + typeAt] ?? 0] ?? '';
    live += size;
    if (type.endsWith('string')) strings += size;
    if (type === 'code') code += size;
  }
  return { liveMb: mb(live), stringsMb: mb(strings), codeMb: mb(code) };
}

/** Sends `signal` and returns the parsed JSON of the new file of `pid` matching `pattern` once it is complete. */
async function signalForFile(
  pid: number,
  dir: string,
  signal: NodeJS.Signals,
  pattern: RegExp,
  timeoutMs: number,
): Promise<unknown> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, signal);
  const deadline = Date.now() + timeoutMs;
  let lastSize = -1;
  while (Date.now() < deadline) {
    await sleep(250);
    const file = readdirSync(dir).find((f) => !before.has(f) && pattern.test(f) && f.includes(`.${pid}.`));
    if (!file) continue;
    const size = statSync(join(dir, file)).size;
    if (size === 0 || size !== lastSize) {
      lastSize = size;
      continue;
    }
    try {
      return JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    } catch {
      // still being written
    }
  }
  return null;
}
