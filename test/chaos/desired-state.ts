import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { entityKeyOf, type PlanSettings } from '../../libs/domain/index.js';
import {
  ENTITY_TYPES,
  type EntityType,
  type RunPlan,
  type SaCluster,
  type SafetyAmpSnapshot,
} from '../../libs/domain/types.js';
import { planSettingsFrom } from '../../libs/fleet/wiring/plan-settings.js';
import { loadConfig } from '../../libs/platform/config.js';
import { entityQueueName } from '../../libs/queue/names.js';
import type { RunSummary } from '../../libs/state/run-records.js';
import type { FleetHarness } from '../support/fleet-harness.js';
import { expectSyncedApartFromInvalid } from '../support/fleet-assertions.js';
import { COLLECTION_OF, type ChaosFleet } from './chaos-fleet.js';
import { recordChaosResult, type ChaosResult } from './chaos-results.js';
import { snapshotOf } from './sim-snapshot.js';

const run = promisify(execFile);
const PRINT_DESIRED_PLAN = fileURLToPath(new URL('./print-desired-plan.ts', import.meta.url));

/** Two clusters are the same one when they share a parent and a name (case and spaces aside), as adoption says. */
function sameClusterKey(cluster: SaCluster): string {
  return `${String(cluster.parent_cluster_id)}/${String(cluster.name).trim().toLowerCase()}`;
}

const SNAPSHOT_FIELD: Record<EntityType, keyof SafetyAmpSnapshot> = {
  clusters: 'clusters',
  sites: 'sites',
  titles: 'titles',
  users: 'users',
  assets: 'assets',
};

async function planSettings(h: FleetHarness): Promise<PlanSettings> {
  return planSettingsFrom(loadConfig(['sync'], h.env).sync);
}

/**
 * What the sources say SafetyAmp must hold, diffed against what the simulator holds now: read by the fleet's own
 * source readers over TCP and planned by the domain in a separate process (print-desired-plan.ts) — no mirror, no
 * queue, no fleet process involved.
 */
export async function desiredPlan(h: FleetHarness): Promise<RunPlan> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', PRINT_DESIRED_PLAN], {
    env: h.env,
    maxBuffer: 256 * 1024 * 1024,
  });
  const { unavailable, plan } = JSON.parse(stdout) as { unavailable: object; plan: RunPlan };
  expect(unavailable, 'sources the check could not read').to.deep.equal({});
  return plan;
}

/** How many writes a plan needs (creates, updates, deactivations of the types it may touch). */
export function writesIn(plan: RunPlan): number {
  const blocked = new Set(plan.blocked.map((b) => b.type));
  return ENTITY_TYPES.filter((t) => !blocked.has(t)).reduce(
    (n, t) => n + (plan.entities[t]?.changes.length ?? 0),
    0,
  );
}

export interface DesiredStateCheck {
  /** What the scenario did, for the results table. */
  scenario: string;
  /** Every run the scenario started (the chaos run first), to check that each failure was reported. */
  runs: RunSummary[];
  /** What the proof of the chaos found (e.g. which process was killed holding which job). */
  proof: string;
}

/**
 * The one invariant every chaos scenario ends with:
 * - the simulator's state equals the desired state: for every desired record exactly one SafetyAmp record holds
 *   its key (nothing missing, nothing duplicated), with the desired fields (a fresh plan against the simulator
 *   finds nothing to create, update or deactivate);
 * - every failure is visible: each job in a failed set is named in a run's failures, and every fleet process
 *   wrote JSON log lines only (no raw error printed past the logger);
 * - a next run with no source change spends 0 SafetyAmp calls and syncs everything (only the data's invalid
 *   records keep it from `completed`).
 * Returns (and records for the results table) the counts: records expected, found, duplicated, calls spent and
 * calls over the minimum (the writes the seeded tenant needed).
 */
export async function expectDesiredState(fleet: ChaosFleet, check: DesiredStateCheck): Promise<ChaosResult> {
  const { h } = fleet;
  const calls = h.safetyamp.calls().length;
  const rateLimited = h.safetyamp.stats().rateLimited;
  const state = h.safetyamp.state();
  const snapshot = snapshotOf(state);
  const settings = await planSettings(h);
  const plan = await desiredPlan(h);

  let expected = 0;
  let found = 0;
  let duplicated = 0;
  const missing: string[] = [];
  const twice: string[] = [];
  for (const type of ENTITY_TYPES) {
    const entity = plan.entities[type];
    const desiredKeys = new Set([
      ...Object.keys(entity?.keyIndex ?? {}),
      ...(entity?.changes ?? []).filter((c) => c.action === 'create').map((c) => c.key),
    ]);
    const records = snapshot[SNAPSHOT_FIELD[type]] as { id: number | string }[];
    const groupOf = (record: { id: number | string }): string | null =>
      type === 'clusters'
        ? sameClusterKey(record as SaCluster)
        : entityKeyOf(type, record as Parameters<typeof entityKeyOf>[1], settings);
    const holders = new Map<string, number>();
    for (const record of records) {
      const group = groupOf(record);
      if (group !== null) holders.set(group, (holders.get(group) ?? 0) + 1);
    }
    const byId = new Map(records.map((record) => [String(record.id), record]));
    for (const key of desiredKeys) {
      expected += 1;
      const id = entity?.keyIndex[key];
      const record = id === undefined ? undefined : byId.get(String(id));
      if (!record) {
        missing.push(`${type} ${key}`);
        continue;
      }
      found += 1;
      const group = groupOf(record);
      const count = group === null ? 1 : (holders.get(group) ?? 1);
      if (count > 1) {
        duplicated += count - 1;
        twice.push(`${type} ${key} ×${count}`);
      }
    }
  }
  const pending = ENTITY_TYPES.flatMap((t) =>
    (plan.entities[t]?.changes ?? []).map(
      (c) => `${c.action} ${t} ${c.key}: ${Object.keys(c.payload).join(',')}`,
    ),
  );

  const reported = new Set(check.runs.flatMap((run) => run.failures.map((f) => f.jobId)));
  const unreported: string[] = [];
  let failedJobs = 0;
  for (const type of ENTITY_TYPES) {
    for (const job of await fleet.queue(entityQueueName(type)).getFailed()) {
      failedJobs += 1;
      if (!reported.has(String(job.id))) unreported.push(`${type} ${String(job.id)}: ${job.failedReason}`);
    }
  }

  const result: ChaosResult = {
    scenario: check.scenario,
    expected,
    found,
    duplicated,
    calls,
    minimum: fleet.minimumWrites,
    overMinimum: calls - fleet.minimumWrites,
    rateLimited,
    failedJobs,
    runs: check.runs.length,
    chaosRunStatus: check.runs[0]?.status ?? 'none',
    proof: check.proof,
  };
  recordChaosResult(result);

  const history = (entry: string): string => {
    const [type, key] = entry.split(' ') as [EntityType, string];
    const writes = h.safetyamp
      .calls()
      .filter((c) => c.method !== 'GET' && c.path.startsWith(`/api/${COLLECTION_OF[type]}`))
      .filter((c) => entityKeyOf(type, c.body as Parameters<typeof entityKeyOf>[1], settings) === key);
    return `${entry}: ${writes.map((c) => `${c.method} @${c.at % 100_000} → ${c.status} [${(c.faults ?? []).join(',')}]`).join('; ')}`;
  };
  expect(twice.map(history), 'records held more than once in SafetyAmp (their writes)').to.deep.equal([]);
  expect(missing, 'desired records missing from SafetyAmp').to.deep.equal([]);
  expect(pending, 'records whose fields differ from the desired ones').to.deep.equal([]);
  expect(plan.blocked, 'types the mass-change guard would block').to.deep.equal([]);
  expect(unreported, 'failed jobs no run reported').to.deep.equal([]);
  const stray = fleet.processes.flatMap((p) =>
    p.strayLines.map((line) => `${p.role} ${p.child.pid}: ${line}`),
  );
  expect(stray.slice(0, 20), 'lines the fleet processes wrote that are not JSON logs').to.deep.equal([]);

  const before = h.safetyamp.calls().length;
  const next = await fleet.sync();
  expect(h.safetyamp.calls().length - before, 'SafetyAmp calls of the next, no-change run').to.equal(0);
  expect(next.summary.safetyampCalls, 'calls the next run counted').to.equal(0);
  expectSyncedApartFromInvalid(next.summary);
  for (const type of ENTITY_TYPES) {
    const counts = next.summary[type];
    expect(counts.created + counts.updated + counts.deactivated, `${type} written by the next run`).to.equal(
      0,
    );
  }
  result.nextRun = `${next.summary.status}, 0 calls`;
  return result;
}
