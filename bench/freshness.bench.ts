/**
 * Freshness: how long a change in the sources takes to reach SafetyAmp on a one-minute schedule, and what the
 * runs cost the sources and SafetyAmp (issue 14).
 *
 * A company (20,000 employees; `--quick`: 2,000) starts synced: the tenant a first sync would leave is worked out
 * in-process (the fleet's plan applied by test/support/apply-plan.ts), served by a budgeted SafetyAmp, reconciled
 * and synced once by the fleet (a run that should find nothing to write). Then a `fleet producer` and a
 * `fleet worker` run on a one-minute schedule for a simulated hour while changes arrive at random times (new hires,
 * terminations, phone changes, in Vista and for new hires in Entra ID). Time is scaled as the demo scales its
 * budget: ×20 (a minute is 3 s: SYNC_SCHEDULE `*\/3 * * * * *`, SafetyAmp 60 calls per 3,050 ms, the hourly full
 * read every 180 s), so the simulated hour takes 3 real minutes.
 *
 * Printed: p50 / p95 / max change → SafetyAmp write, converted to real time two ways (everything ×20, which also
 * multiplies the fleet's own CPU time by 20; and the wait for the tick ×20 plus the run's own time as measured);
 * source load per hour (Vista statements and rows, Graph and Samsara calls) against full reads every minute and
 * against the original's 15-minute full listings; SafetyAmp calls per hour against the writes needed.
 *
 * Run: npm run bench -- freshness [--quick]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { startSafetyAmpSimulator, type SimCall } from '../apps/simulators/safetyamp/server.js';
import type { SafetyAmpSeed } from '../apps/simulators/safetyamp/seed.js';
import { DEFAULT_PLAN_SETTINGS, planRun } from '../libs/domain/index.js';
import { ENTITY_TYPES } from '../libs/domain/types.js';
import { readSources, type SourceReaders } from '../libs/fleet/run/read-sources.js';
import { configureLogging } from '../libs/platform/logger.js';
import { createRedisConnection } from '../libs/queue/connections.js';
import { createGraphReader } from '../libs/sources/graph/index.js';
import { createSamsaraReader } from '../libs/sources/samsara/index.js';
import { createVistaReader } from '../libs/sources/vista/index.js';
import { DEPARTMENTS_SQL, JOBS_SQL, employeesSql, recentJobsSql } from '../libs/sources/vista/queries.js';
import { Mirror } from '../libs/state/mirror.js';
import { RunRecords, type RunSummary } from '../libs/state/run-records.js';
import { applyPlan } from '../test/support/apply-plan.js';
import { FleetHarness } from '../test/support/fleet-harness.js';

configureLogging({ level: 'warn', format: 'json' });
const out = (line = ''): boolean => process.stdout.write(`${line}\n`);

const QUICK = process.argv.includes('--quick');
const SCALE = 20;
const MINUTE_MS = 60_000 / SCALE;
const HOUR_MS = 60 * MINUTE_MS;
const COMPANY = QUICK
  ? { employees: 2_000, jobs: 200, departments: 20, vehicles: 100 }
  : { employees: 20_000, jobs: 1_000, departments: 60, vehicles: 1_000 };
/** Simulated minutes of changes (the last change arrives 5 minutes before the end, so its write can land). */
const SIMULATED_MINUTES = QUICK ? 20 : 60;
const CHANGES = QUICK ? 12 : 40;
const GRACE_MINUTES = 5;

type ChangeKind = 'new hire' | 'termination' | 'phone change';
interface Change {
  kind: ChangeKind;
  employee: number;
  /** SafetyAmp user id (existing users). */
  userId?: string;
  at: number;
}

/** A deterministic generator, so equal runs make equal changes. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const minutes = (ms: number): string => `${(ms / 60_000).toFixed(2)} min`;

const h = await FleetHarness.start({ company: COMPANY, rateLimit: { max: 1_000_000, windowMs: 1_000 } });
const redis = createRedisConnection(h.redisUrl);
const children: ReturnType<FleetHarness['spawnFleet']>[] = [];
try {
  out(
    `freshness benchmark: ${COMPANY.employees} employees, ${SIMULATED_MINUTES} simulated minutes at ×${SCALE}`,
  );
  const started = Date.now();
  // Vista's own users write while the sync reads: in WAL mode the simulator's long reads do not lock them out.
  const vistaDb = h.vistaDatabase();
  vistaDb.pragma('journal_mode = WAL');
  vistaDb.close();
  // The tenant as a first sync would leave it, worked out in-process (a first sync of 20,000 employees through the
  // fleet would take longer than the whole benchmark): served by a budgeted SafetyAmp at 60 calls per 61 s ÷ 20.
  const tenant = await syncedTenant(h);
  const seedFile = join(h.dir, 'safetyamp-synced.json');
  writeFileSync(seedFile, JSON.stringify(tenant));
  const safetyamp = await startSafetyAmpSimulator({
    dataFile: seedFile,
    token: h.safetyamp.token,
    fqdn: h.safetyamp.fqdn,
    rateLimit: { max: 60, windowMs: 61_000 / SCALE },
  });
  const budgeted = { SAFETYAMP_BASE_URL: safetyamp.url, SAFETYAMP_RATE_LIMIT: `60/${61_000 / SCALE}ms` };
  const reconciled = await h.runFleet(['reconcile', '--json'], budgeted);
  const first = await h.sync(['--inline'], budgeted);
  out(
    `  synced tenant: ${(tenant.users ?? []).length} users; reconcile exit ${reconciled.code}; first run ` +
      `${first.summary.status} with ${first.summary.safetyampCalls} SafetyAmp calls, ` +
      `${((Date.now() - started) / 1000).toFixed(0)} s`,
  );

  // What one full read costs the sources (the baseline), measured with the fleet's own readers.
  const readers = buildReaders(h);
  const mark = sourceMark(h);
  const full = await readSources(readers, ENTITY_TYPES, new Date());
  const fullCost = sourceLoad(h, mark, Date.now() + 1);
  const partRows: Record<string, number> = {
    departments: full.snapshot.departments.length,
    jobs: full.snapshot.jobs.length,
    employees: full.snapshot.employees.length,
    recentJobs: full.snapshot.recentJobs.length,
  };
  await readers.close();

  const users = (tenant.users ?? []) as { id: string | number; emp_id?: string | null; status?: unknown }[];
  const idOf = new Map(users.filter((u) => u.emp_id).map((u) => [String(u.emp_id), String(u.id)]));
  const changes = planChanges(h, idOf);

  const env = {
    ...budgeted,
    SYNC_SCHEDULE: `*/${MINUTE_MS / 1000} * * * * *`,
    SOURCE_FULL_READ_INTERVAL: `${HOUR_MS / 1000}s`,
  };
  const phaseStart = Date.now();
  children.push(h.spawnFleet(['producer'], env), h.spawnFleet(['worker'], env));
  for (const change of changes) {
    const due = phaseStart + change.at;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    change.at = Date.now();
    applyChange(h, change);
  }
  const phaseEnd = phaseStart + SIMULATED_MINUTES * MINUTE_MS;
  await new Promise((resolve) =>
    setTimeout(resolve, Math.max(0, phaseEnd + GRACE_MINUTES * MINUTE_MS - Date.now())),
  );
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? once(c, 'exit') : undefined)));

  const calls = safetyamp.calls().filter((c) => c.path.startsWith('/api/') && c.at >= phaseStart);
  const runs = await new RunRecords(redis, h.keyPrefix).list(1_000);
  const quiet = await new RunRecords(redis, h.keyPrefix).quietRuns();
  const latencies = changes.map((c) => ({ change: c, write: writeOf(c, calls), run: runOf(c, calls, runs) }));
  const seen = latencies.filter((l) => l.write !== undefined);
  const naive = seen.map((l) => ((l.write as SimCall).at - l.change.at) * SCALE);
  const split = seen.map((l) => {
    const write = (l.write as SimCall).at;
    const runStart = l.run ? Date.parse(l.run.startedAt) : write;
    return (runStart - l.change.at) * SCALE + (write - runStart);
  });
  const load = sourceLoad(
    h,
    mark,
    Number.POSITIVE_INFINITY,
    phaseStart,
    phaseEnd + GRACE_MINUTES * MINUTE_MS,
  );
  const fleetRows = Object.entries(load.vistaReads).reduce(
    (n, [part, count]) => n + count * (partRows[part] ?? 0),
    0,
  );
  const fullRows = Object.values(partRows).reduce((a, b) => a + b, 0);
  const simulatedMinutes = SIMULATED_MINUTES + GRACE_MINUTES;
  const perHour = (n: number): string => (n * (60 / simulatedMinutes)).toFixed(0);
  const listingCalls = Object.values(tenant).reduce(
    (n, records) => n + Math.ceil((records as unknown[]).length / 100),
    0,
  );
  const writesNeeded = changes.length;

  out();
  out(
    `changes: ${changes.length} (${countKinds(changes)}), written: ${seen.length}; kept runs ${runs.length}, quiet runs ${quiet.count}`,
  );
  out();
  out(
    '| measurement | fleet (one-minute schedule, cheap reads) | full reads every minute | original (15-minute full listings) |',
  );
  out('|---|---|---|---|');
  out(
    `| change → SafetyAmp write, p50 / p95 / max (all ×${SCALE}) | ${minutes(percentile(naive, 50))} / ${minutes(percentile(naive, 95))} / ${minutes(Math.max(...naive))} | – | ≥ 15 min + its run (listing alone 13.6 min) |`,
  );
  out(
    `| change → SafetyAmp write, p50 / p95 / max (tick wait ×${SCALE}, run time as measured) | ${minutes(percentile(split, 50))} / ${minutes(percentile(split, 95))} / ${minutes(Math.max(...split))} | – | – |`,
  );
  out(
    `| Vista statements per hour | ${perHour(load.vistaStatements)} | ${fullCost.vistaStatements * 60} | ${fullCost.vistaStatements * 4} |`,
  );
  out(`| Vista rows read per hour | ${perHour(fleetRows)} | ${fullRows * 60} | ${fullRows * 4} |`);
  out(`| Graph calls per hour | ${perHour(load.graph)} | ${fullCost.graph * 60} | ${fullCost.graph * 4} |`);
  out(
    `| Samsara calls per hour | ${perHour(load.samsara)} | ${fullCost.samsara * 60} | ${fullCost.samsara * 4} |`,
  );
  out(
    `| SafetyAmp calls per hour (writes needed ${perHour(writesNeeded)}) | ${perHour(calls.length)} | the same (the mirror diff decides, not the read) | ${(Number(perHour(writesNeeded)) + listingCalls * 4).toFixed(0)} (the writes + 4 full listings of ${listingCalls} calls) |`,
  );
  out();
  out(
    `  Vista statements of the fleet by kind: ${JSON.stringify(load.vistaReads)}; rows per full read ${JSON.stringify(partRows)}.`,
  );
  out(
    `  One full read: ${fullCost.vistaStatements} Vista statements, ${fullCost.graph} Graph calls, ${fullCost.samsara} Samsara calls.`,
  );
  out(
    `  Not written within the hour + ${GRACE_MINUTES} min: ${
      latencies
        .filter((l) => !l.write)
        .map((l) => `${l.change.kind} ${l.change.employee}`)
        .join(', ') || 'none'
    }.`,
  );
  out(
    `  SafetyAmp calls in the phase: ${calls.length} for ${writesNeeded} writes needed (${calls.filter((c) => c.status === 429).length} × 429).`,
  );
  const took = runs
    .filter((r) => r.trigger === 'schedule' && r.finishedAt)
    .map((r) => Date.parse(r.finishedAt ?? '') - Date.parse(r.startedAt));
  out(
    `  Run time, real: a quiet run (the last) ${quiet.lastDurationMs ?? '-'} ms; kept scheduled runs p50 / max ` +
      `${percentile(took, 50)} / ${Math.max(...took)} ms.`,
  );
  out(`  Redis memory of the kept reads and plan: ${((await keptBytes()) / 1024).toFixed(0)} KB.`);
  out(`  Wall time ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  await safetyamp.close();
} finally {
  for (const child of children) child.kill('SIGKILL');
  await redis.quit();
  await h.close();
}

/** Bytes Redis holds for the source cache (MEMORY USAGE of each of its keys). */
async function keptBytes(): Promise<number> {
  const keys = await redis.keys(`${h.keyPrefix}:source-cache:*`);
  const sizes = await Promise.all(keys.map((k) => redis.memory('USAGE', k)));
  return sizes.reduce<number>((n, b) => n + Number(b ?? 0), 0);
}

/** What SafetyAmp holds once every change of a first plan succeeded (test/support/apply-plan.ts), in seed form. */
async function syncedTenant(harness: FleetHarness): Promise<SafetyAmpSeed> {
  const reconciled = await harness.runFleet(['reconcile', '--json']);
  if (reconciled.code !== 0) throw new Error(`reconcile failed:\n${reconciled.stderr.slice(-2_000)}`);
  const mirror = new Mirror(redis, harness.keyPrefix);
  const readers = buildReaders(harness);
  try {
    const read = await readSources(readers, ENTITY_TYPES, new Date());
    const current = await mirror.snapshot();
    const synced = applyPlan(planRun(read.snapshot, current, DEFAULT_PLAN_SETTINGS), current);
    return {
      site_clusters: synced.clusters,
      sites: synced.sites,
      user_titles: synced.titles,
      users: synced.users,
      roles: synced.roles,
      asset_types: synced.assetTypes,
      assets: synced.assets,
    } as SafetyAmpSeed;
  } finally {
    await readers.close();
  }
}

function countKinds(changes: Change[]): string {
  const counts = new Map<string, number>();
  for (const c of changes) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}s`).join(', ');
}

/** Random arrival times over the simulated minutes, and the employees they touch. */
function planChanges(harness: FleetHarness, idOf: Map<string, string>): Change[] {
  const next = random(14);
  const db = harness.vistaDatabase();
  const active = (
    db
      .prepare(
        'SELECT Employee FROM bPREH WHERE PRCo = 1 AND HireDate IS NOT NULL AND TermDate IS NULL ORDER BY Employee',
      )
      .all() as { Employee: number }[]
  )
    .map((r) => r.Employee)
    .filter((e) => idOf.has(String(e)));
  db.close();
  const window = (SIMULATED_MINUTES - GRACE_MINUTES) * MINUTE_MS;
  const kinds: ChangeKind[] = ['new hire', 'termination', 'phone change'];
  const used = new Set<number>();
  return Array.from({ length: CHANGES }, (_, i) => {
    const kind = kinds[i % kinds.length] as ChangeKind;
    let employee = 800_000 + i;
    if (kind !== 'new hire') {
      do employee = active[Math.floor(next() * active.length)] as number;
      while (used.has(employee));
      used.add(employee);
    }
    const userId = idOf.get(String(employee));
    return { kind, employee, ...(userId ? { userId } : {}), at: Math.floor(next() * window) };
  }).sort((a, b) => a.at - b.at);
}

function applyChange(harness: FleetHarness, change: Change): void {
  const db = harness.vistaDatabase();
  db.pragma('busy_timeout = 30000');
  try {
    if (change.kind === 'phone change') {
      const phone = `337-555-${String(1000 + (change.employee % 9000)).padStart(4, '0')}`;
      db.prepare('UPDATE bPREH SET Phone = ? WHERE PRCo = 1 AND Employee = ?').run(phone, change.employee);
    } else if (change.kind === 'termination') {
      db.prepare("UPDATE bPREH SET TermDate = '2026-10-31 00:00:00' WHERE PRCo = 1 AND Employee = ?").run(
        change.employee,
      );
    } else {
      const model = db
        .prepare(
          "SELECT e.* FROM bPREH e WHERE e.PRCo = 1 AND e.TermDate IS NULL AND e.Email LIKE '%@%' AND e.LastName <> '' ORDER BY e.Employee LIMIT 1",
        )
        .get() as Record<string, unknown>;
      const email = `new.hire.${change.employee}@company.example`;
      const columns = Object.keys(model);
      db.prepare(
        `INSERT INTO bPREH (${columns.join(',')}) VALUES (${columns.map((c) => `@${c}`).join(',')})`,
      ).run({
        ...model,
        Employee: change.employee,
        Email: email,
      });
      harness.graph.upsertUser({
        id: `new-hire-${change.employee}`,
        employeeId: String(change.employee),
        mail: email,
        userPrincipalName: email,
        accountEnabled: true,
        mobilePhone: null,
        businessPhones: [],
      });
    }
  } finally {
    db.close();
  }
}

/** The first successful SafetyAmp write of the change's user after the change. */
function writeOf(change: Change, calls: SimCall[]): SimCall | undefined {
  return calls.find(
    (c) =>
      c.at >= change.at &&
      c.method !== 'GET' &&
      c.status >= 200 &&
      c.status < 300 &&
      (change.userId
        ? c.path === `/api/users/${change.userId}`
        : c.path === '/api/users' &&
          String((c.body as { emp_id?: unknown })?.emp_id) === String(change.employee)),
  );
}

/** The run that wrote the change: the last one started between the change and its write. */
function runOf(change: Change, calls: SimCall[], runs: RunSummary[]): RunSummary | undefined {
  const write = writeOf(change, calls);
  if (!write) return undefined;
  return runs
    .filter((r) => Date.parse(r.startedAt) >= change.at && Date.parse(r.startedAt) <= write.at)
    .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0];
}

function buildReaders(harness: FleetHarness): SourceReaders & { close(): Promise<void> } {
  const vista = createVistaReader({
    server: harness.vista.host,
    port: harness.vista.port,
    database: 'Viewpoint',
    user: 'bench',
    password: 'bench',
    encrypt: false,
    company: 1,
    recentJobWindowDays: 180,
  });
  const graph = createGraphReader({
    tenantId: 't',
    clientId: 'c',
    clientSecret: 's',
    authorityUrl: harness.graph.url,
    baseUrl: harness.graph.url,
    ca: harness.graph.caPem,
  });
  const samsara = createSamsaraReader({ baseUrl: harness.samsara.url, apiKey: 'k' });
  return {
    vista,
    graph,
    samsara,
    close: async () => {
      await Promise.allSettled([vista.close(), graph.close(), samsara.close?.()]);
    },
  };
}

interface SourceMark {
  at: number;
}

function sourceMark(_harness: FleetHarness): SourceMark {
  return { at: Date.now() };
}

/** What the sources answered between two times: Vista statements (by the read they belong to), Graph and Samsara calls. */
function sourceLoad(harness: FleetHarness, mark: SourceMark, until: number, from = mark.at, to = until) {
  const within = (at: number): boolean => at >= from && at <= to;
  const statements = harness.vista.requests().filter((r) => within(r.at));
  const vistaReads: Record<string, number> = {};
  const kindOf = (sql: string): string => {
    if (sql.includes(DEPARTMENTS_SQL.trim())) return 'departments';
    if (sql.includes(JOBS_SQL.trim())) return 'jobs';
    if (sql.includes(employeesSql(false).trim())) return 'employees';
    if (sql.includes(recentJobsSql(false).trim())) return 'recentJobs';
    if (/CHECKSUM_AGG|CHANGE_TRACKING/i.test(sql)) return 'fingerprint';
    return 'other';
  };
  for (const s of statements) vistaReads[kindOf(s.sql)] = (vistaReads[kindOf(s.sql)] ?? 0) + 1;
  return {
    vistaStatements: statements.length,
    vistaReads,
    graph: harness.graph.calls().filter((c) => within(c.at) && (c.kind === 'users' || c.kind === 'delta'))
      .length,
    samsara: harness.samsara.calls().filter((c) => within(c.at) && c.path.startsWith('/fleet')).length,
  };
}
