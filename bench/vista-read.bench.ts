/**
 * Reads 20,000 active employees and their recent jobs through the Vista TDS simulator with the real mssql
 * driver (createVistaReader: readEmployees + readRecentJobs), against a generated data file of 2,000 jobs and
 * 26 biweekly pay periods of bPRJC postings (≈ 550,000 rows). The simulator runs in a child process, so the
 * memory figures are the reader's. Baseline in the same run: the same two queries run directly on
 * better-sqlite3. Target (DESIGN.md): ≤ 5 s.
 *
 * Run: node --import tsx --expose-gc bench/vista-read.bench.ts   (or `npm run bench -- vista`)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createVistaDatabase, formatVistaDateTime } from '../apps/simulators/vista/database.js';
import { createVistaReader, windowStart } from '../libs/sources/vista/reader.js';
import { employeesSql, recentJobsSql } from '../libs/sources/vista/queries.js';

const SIZE = { active: 20_000, terminated: 2_000, jobs: 2_000, departments: 60, periods: 26 };
const AS_OF = new Date('2025-06-30T12:00:00Z');
/** Pay periods end every other Friday at midnight, the last one before AS_OF. */
const LAST_PERIOD_END = Date.UTC(2025, 5, 27);
const WINDOW_DAYS = 365;
const TARGET_MS = 5_000;
const RUNS = 3;

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;

/** Deterministic pseudo-random numbers (mulberry32), so every run reads the same data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(file: string): number {
  const db = createVistaDatabase(file);
  const rnd = random(42);
  const pick = (n: number): number => Math.floor(rnd() * n);
  const jobNo = (i: number): string => `${String(10000 + i)}.`;
  let postings = 0;
  db.transaction(() => {
    const dept = db.prepare('INSERT INTO bPRDP VALUES (1, ?, ?, ?)');
    for (let d = 0; d < SIZE.departments; d++) dept.run(String(d + 10), `Department ${d}`, `Region ${d % 6}`);
    const contract = db.prepare('INSERT INTO bJCCM VALUES (1, ?, ?)');
    const job = db.prepare('INSERT INTO bJCJM VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (let j = 0; j < SIZE.jobs; j++) {
      contract.run(`C${j}.`, String((j % SIZE.departments) + 10));
      const status = j % 10 === 9 ? 2 : 1;
      job.run(jobNo(j), `Job ${j}`, `C${j}.`, status, `${j} Plant Rd`, 'Sulphur', 'LA', '70663-1234');
    }
    const employee = db.prepare(
      `INSERT INTO bPREH (PRCo, Employee, FirstName, MidName, LastName, SortName, Sex, PRDept, Email, udEmpTitle,
         BirthDate, HireDate, TermDate, Phone, Address, City, State, Zip)
       VALUES (1, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, '337-555-0100', '1 Main St', 'Lake Charles', 'LA', '70601')`,
    );
    const posting = db.prepare('INSERT INTO bPRJC VALUES (1, ?, ?, ?, ?)');
    const periodEnd = (p: number): string =>
      formatVistaDateTime(new Date(LAST_PERIOD_END - (SIZE.periods - 1 - p) * 14 * 86_400_000));
    const total = SIZE.active + SIZE.terminated;
    for (let e = 1; e <= total; e++) {
      const terminated = e > SIZE.active;
      employee.run(
        e,
        `First${e}`,
        `Last${e}`,
        `LAST${e}`.slice(0, 15),
        e % 2 ? 'M' : 'F',
        String((e % SIZE.departments) + 10),
        `e${e}@example.com`,
        `Title ${e % 40}`,
        '1980-01-01 00:00:00',
        '2015-03-02 00:00:00',
        terminated ? '2024-12-31 00:00:00' : null,
      );
      let home = pick(SIZE.jobs);
      for (let p = 0; p < SIZE.periods; p++) {
        if (terminated && p > 4) break;
        if (rnd() < 0.1) home = pick(SIZE.jobs);
        posting.run(periodEnd(p), jobNo(home), e, 'JMAN');
        postings++;
        if (rnd() < 0.05) {
          posting.run(periodEnd(p), jobNo(pick(SIZE.jobs)), e, 'JMAN');
          postings++;
        }
      }
    }
  })();
  db.close();
  return postings;
}

function startSimulator(file: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/simulators/vista/cli.ts', '--data', file], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on tds:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match) {
        resolve({
          port: Number(match[1]),
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'vista-bench-'));
const file = join(dir, 'vista.sqlite');
try {
  let start = performance.now();
  const postings = generate(file);
  process.stdout.write(
    `vista read: ${SIZE.active} active + ${SIZE.terminated} terminated employees, ${SIZE.jobs} jobs, ` +
      `${postings} bPRJC postings (generated in ${(performance.now() - start).toFixed(0)} ms)\n`,
  );

  const since = formatVistaDateTime(windowStart(AS_OF, WINDOW_DAYS));
  const direct = new Database(file, { readonly: true });
  const baselines: number[] = [];
  let baselineCounts = '';
  for (let i = 0; i < RUNS; i++) {
    start = performance.now();
    const employees = direct.prepare(employeesSql(false)).all({ company: 1 });
    const recent = direct.prepare(recentJobsSql(false)).all({ company: 1, since });
    baselines.push(performance.now() - start);
    baselineCounts = `${employees.length} employees, ${recent.length} recent jobs`;
  }
  direct.close();

  const simulator = await startSimulator(file);
  const reader = createVistaReader({
    server: '127.0.0.1',
    port: simulator.port,
    database: 'Viewpoint',
    user: 'bench',
    password: 'bench',
    encrypt: false,
    company: 1,
    recentJobWindowDays: WINDOW_DAYS,
    requestTimeoutMs: 120_000,
  });
  const runs: number[] = [];
  let counts = '';
  gc?.();
  const before = process.memoryUsage();
  let peakRss = 0;
  let peakHeap = 0;
  try {
    for (let i = 0; i < RUNS; i++) {
      start = performance.now();
      const [employees, recent] = await Promise.all([reader.readEmployees(), reader.readRecentJobs(AS_OF)]);
      runs.push(performance.now() - start);
      const usage = process.memoryUsage();
      peakRss = Math.max(peakRss, usage.rss);
      peakHeap = Math.max(peakHeap, usage.heapUsed);
      counts = `${employees.length} employees, ${recent.length} recent jobs`;
    }
  } finally {
    await reader.close();
    await simulator.stop();
  }

  const line = (name: string, ms: number[], what: string): void => {
    const text = ms.map((m) => m.toFixed(0).padStart(5)).join(' ');
    process.stdout.write(`  ${name.padEnd(44)} ${text} ms   (${what})\n`);
  };
  line('baseline: both queries on better-sqlite3', baselines, baselineCounts);
  line('readEmployees + readRecentJobs through TDS', runs, counts);
  process.stdout.write(
    `  reader process: peak RSS ${mb(peakRss)}, peak heap used ${mb(peakHeap)} ` +
      `(before the reads, after generating the file in this process: RSS ${mb(before.rss)}, heap ${mb(before.heapUsed)})\n`,
  );
  const worst = Math.max(...runs);
  const ok = worst <= TARGET_MS;
  process.stdout.write(
    `  target ≤ ${TARGET_MS} ms: ${ok ? 'met' : 'MISSED'} (worst ${worst.toFixed(0)} ms, first run includes connecting; ` +
      `TDS overhead over the baseline ×${(Math.min(...runs) / Math.min(...baselines)).toFixed(1)})\n`,
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
