import { expect } from 'chai';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCompany, writeCompanyFiles } from '../../../apps/simulators/dataset/index.js';
import type { CompanyDataset, CompanyFiles } from '../../../apps/simulators/dataset/index.js';
import { startGraphSimulator, type GraphSimulator } from '../../../apps/simulators/graph/server.js';
import { startSamsaraSimulator, type SamsaraSimulator } from '../../../apps/simulators/samsara/server.js';
import { startVistaSimulator, type VistaSimulator } from '../../../apps/simulators/vista/server.js';
import { DEFAULT_PLAN_SETTINGS, planRun } from '../../../libs/domain/index.js';
import type { SafetyAmpSnapshot, SourceSnapshot } from '../../../libs/domain/types.js';
import { CACHE_NAMES, type SourceReadCache } from '../../../libs/fleet/run/cached-reads.js';
import { SyncPlanner } from '../../../libs/fleet/run/planner.js';
import { readSources, type SourceRead, type SourceReaders } from '../../../libs/fleet/run/read-sources.js';
import { Mirror } from '../../../libs/state/mirror.js';
import { deleteKeysWithPrefix } from '../../../libs/platform/redis-client.js';
import { createGraphReader } from '../../../libs/sources/graph/index.js';
import { createSamsaraReader } from '../../../libs/sources/samsara/index.js';
import { createVistaReader } from '../../../libs/sources/vista/index.js';
import { SourceCache } from '../../../libs/state/source-cache.js';
import { TEST_REDIS_URL } from '../../support/redis-url.js';

const AS_OF = new Date(Date.UTC(2026, 10, 1));
const HOUR = 3_600_000;
const EMPTY_SAFETYAMP: SafetyAmpSnapshot = {
  clusters: [],
  sites: [],
  titles: [],
  users: [],
  assets: [],
  roles: [{ id: 1, name: 'Employee' } as SafetyAmpSnapshot['roles'][number]],
  assetTypes: [],
};

/** A snapshot with every list in a fixed order: the order a source lists in is not part of what it says. */
function sorted(snapshot: SourceSnapshot): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(snapshot).map(([part, rows]) => [
      part,
      (rows as unknown[]).map((r) => JSON.stringify(r, Object.keys(r as object).sort())).sort(),
    ]),
  );
}

/** What a plan would write from a snapshot (against an empty tenant: every desired record) and what it refuses. */
function planOf(snapshot: SourceSnapshot): string[] {
  const plan = planRun(snapshot, EMPTY_SAFETYAMP, DEFAULT_PLAN_SETTINGS);
  return Object.values(plan.entities)
    .flatMap((e) => [
      ...(e?.changes ?? []).map((c) => `${c.type}:${c.key}:${c.action}:${JSON.stringify(c)}`),
      ...(e?.invalid ?? []).map((i) => `invalid ${i.type}:${i.key}:${i.field}`),
    ])
    .sort();
}

describe('cheap source reads: the kept read plus the cheap question plan as a full read does', function () {
  this.timeout(60_000);
  let dir: string;
  let company: CompanyDataset;
  let files: CompanyFiles;
  let vistaSim: VistaSimulator;
  let graphSim: GraphSimulator;
  let samsaraSim: SamsaraSimulator;
  let readers: SourceReaders & { close(): Promise<void> };
  let redis: Redis;
  let prefix: string;
  let clock: number;
  let options: SourceReadCache;

  const write = (sql: string): void => {
    const db = new Database(files.vistaFile);
    try {
      db.prepare(sql).run();
    } finally {
      db.close();
    }
  };
  const vistaStatements = () => vistaSim.requests().length;
  const cheap = (): Promise<SourceRead> =>
    readSources(readers, ['clusters', 'sites', 'titles', 'users', 'assets'], AS_OF, options);
  const full = (): Promise<SourceRead> =>
    readSources(readers, ['clusters', 'sites', 'titles', 'users', 'assets'], AS_OF);

  /** The cheap read's snapshot and plan equal the full read's; resolves with how each source was read. */
  async function expectSameAsFull(): Promise<Record<string, string | undefined>> {
    const fromCache = await cheap();
    const fresh = await full();
    expect(fromCache.unavailable).to.deep.equal({});
    expect(sorted(fromCache.snapshot)).to.deep.equal(sorted(fresh.snapshot));
    expect(planOf(fromCache.snapshot)).to.deep.equal(planOf(fresh.snapshot));
    return Object.fromEntries(fromCache.outcomes.map((o) => [o.source, o.mode]));
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cheap-reads-'));
    company = generateCompany({
      seed: 11,
      employees: 120,
      jobs: 30,
      departments: 6,
      vehicles: 15,
      asOf: AS_OF,
    });
    files = await writeCompanyFiles(dir, company);
    vistaSim = await startVistaSimulator({ dataFile: files.vistaFile });
    graphSim = await startGraphSimulator({ dataFile: files.graphFile });
    samsaraSim = await startSamsaraSimulator({ dataFile: files.samsaraFile });
    const vista = createVistaReader({
      server: vistaSim.host,
      port: vistaSim.port,
      database: 'Viewpoint',
      user: 'sync',
      password: 'secret',
      encrypt: false,
      company: 1,
      recentJobWindowDays: 180,
    });
    const graph = createGraphReader({
      tenantId: 't',
      clientId: 'c',
      clientSecret: 's',
      authorityUrl: graphSim.url,
      baseUrl: graphSim.url,
      ca: graphSim.caPem,
    });
    const samsara = createSamsaraReader({ baseUrl: samsaraSim.url, apiKey: 'k', changeOverlapMs: 0 });
    readers = {
      vista,
      graph,
      samsara,
      close: async () => {
        await Promise.allSettled([vista.close(), graph.close(), samsara.close?.()]);
      },
    };
    redis = new Redis(TEST_REDIS_URL);
    prefix = `{cheap-reads-${process.pid}-${Date.now().toString(36)}}`;
    clock = Date.now();
    options = {
      cache: new SourceCache(redis, prefix),
      fullReadIntervalMs: HOUR,
      now: () => new Date(clock),
    };
    // The first run reads everything in full and keeps it.
    const first = await cheap();
    expect(first.outcomes.map((o) => o.mode)).to.deep.equal(['full', 'full', 'full']);
  });

  afterEach(async () => {
    await readers.close();
    await Promise.allSettled([vistaSim.close(), graphSim.close(), samsaraSim.close()]);
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  });

  it('nothing changed: one Vista statement, one Graph delta call, no row read, the same plan', async () => {
    const statements = vistaStatements();
    const graphCalls = graphSim.calls().filter((c) => c.kind !== 'token').length;
    const read = await cheap();
    expect(vistaStatements() - statements).to.equal(1);
    expect(graphSim.calls().filter((c) => c.kind !== 'token').length - graphCalls).to.equal(1);
    expect(read.outcomes.map((o) => [o.source, o.mode]).sort()).to.deep.equal([
      ['graph', 'unchanged'],
      ['samsara', 'unchanged'],
      ['vista', 'unchanged'],
    ]);
    expect(read.outcomes.find((o) => o.source === 'vista')?.rows).to.equal(0);
    const modes = await expectSameAsFull();
    expect(modes).to.deep.equal({ vista: 'unchanged', graph: 'unchanged', samsara: 'unchanged' });
  });

  describe('Vista never skips a change', () => {
    const employee = (): number => Number(company.vista.bPREH.find((r) => r.PRCo === 1)?.Employee);

    it('a new hire (insert)', async () => {
      const db = new Database(files.vistaFile);
      const row = db.prepare('SELECT * FROM bPREH WHERE PRCo = 1 AND Employee = ?').get(employee()) as Record<
        string,
        unknown
      >;
      const columns = Object.keys(row);
      db.prepare(
        `INSERT INTO bPREH (${columns.join(',')}) VALUES (${columns.map((c) => `@${c}`).join(',')})`,
      ).run({ ...row, Employee: 999_001 });
      db.close();
      expect((await expectSameAsFull()).vista).to.equal('changes');
    });

    it('an update of a synced field (phone)', async () => {
      write(`UPDATE bPREH SET Phone = '337-555-0199' WHERE PRCo = 1 AND Employee = ${employee()}`);
      expect((await expectSameAsFull()).vista).to.equal('changes');
    });

    it('a termination', async () => {
      write(`UPDATE bPREH SET TermDate = '2026-10-30 00:00:00' WHERE PRCo = 1 AND Employee = ${employee()}`);
      expect((await expectSameAsFull()).vista).to.equal('changes');
    });

    it('a change to a job an employee works on', async () => {
      const db = new Database(files.vistaFile);
      const posting = db
        .prepare('SELECT Job FROM bPRJC WHERE PRCo = 1 ORDER BY PREndDate DESC LIMIT 1')
        .get() as {
        Job: string;
      };
      db.close();
      write(`UPDATE bJCJM SET ShipCity = 'Westlake' WHERE JCCo = 1 AND Job = '${posting.Job}'`);
      expect((await expectSameAsFull()).vista).to.equal('changes');
    });
  });

  describe('Graph: the delta link is kept and used', () => {
    it('a changed phone and a disabled account are applied to the kept users', async () => {
      const [first, second] = graphSim.users().filter((u) => u.accountEnabled && u.employeeId);
      graphSim.updateUser(first!.id, { mobilePhone: '+1 337 555 0142' });
      graphSim.updateUser(second!.id, { accountEnabled: false });
      const link = (await options.cache.get<unknown>('graph'))?.cursor;
      const before = graphSim.calls().filter((c) => c.kind === 'delta').length;
      const read = await cheap();
      expect(graphSim.calls().filter((c) => c.kind === 'delta').length - before).to.equal(1);
      expect(read.outcomes.find((o) => o.source === 'graph')).to.include({ mode: 'changes', rows: 2 });
      expect((await options.cache.get<unknown>('graph'))?.cursor)
        .to.be.a('string')
        .and.not.equal(link);
      expect((await expectSameAsFull()).graph).to.equal('unchanged');
    });

    it('an expired link is followed by a full read', async () => {
      graphSim.resetDeltaTokens();
      const read = await cheap();
      expect(read.outcomes.find((o) => o.source === 'graph')?.mode).to.equal('full');
      expect((await expectSameAsFull()).graph).to.equal('unchanged');
    });
  });

  it('Samsara: a changed vehicle is applied to the kept ones', async () => {
    const vehicle = samsaraSim.vehicles()[0]!;
    await new Promise((r) => setTimeout(r, 5));
    samsaraSim.updateVehicle(vehicle.id, { serial: 'NEW-SERIAL-1' });
    const read = await cheap();
    expect(read.outcomes.find((o) => o.source === 'samsara')?.mode).to.equal('changes');
    await expectSameAsFull();
  });

  it('a full read is made when the kept one is older than the interval, and after the cache is cleared', async () => {
    clock += HOUR;
    const due = await cheap();
    expect(due.outcomes.map((o) => o.mode)).to.deep.equal(['full', 'full', 'full']);
    await options.cache.clear(CACHE_NAMES);
    const cleared = await cheap();
    expect(cleared.outcomes.map((o) => o.mode)).to.deep.equal(['full', 'full', 'full']);
  });

  describe('a run with nothing new reuses the last plan', () => {
    /** The mirror, counting how often a plan reads it in full. */
    class CountingMirror extends Mirror {
      reads = 0;
      override async snapshot() {
        this.reads += 1;
        return super.snapshot();
      }
    }

    function plannerOver(mirror: Mirror): SyncPlanner {
      return new SyncPlanner({
        readers: async () => readers,
        mirror,
        settings: DEFAULT_PLAN_SETTINGS,
        now: () => new Date(clock),
        sourceCache: { cache: options.cache, fullReadIntervalMs: HOUR },
      });
    }

    const changesOf = (plan: Awaited<ReturnType<SyncPlanner['plan']>>['plan']): string[] =>
      Object.values(plan.entities)
        .flatMap((e) => e?.changes ?? [])
        .map((c) => `${c.type}:${c.key}:${c.action}:${c.fingerprint}`)
        .sort();

    it('reuses it while sources and mirror are unchanged, and plans again after a write or a source change', async () => {
      const mirror = new CountingMirror(redis, prefix);
      await mirror.replaceAll(EMPTY_SAFETYAMP, new Date(clock));
      const planner = plannerOver(mirror);
      const first = await planner.plan();
      expect(mirror.reads).to.equal(1);
      const again = await planner.plan();
      expect(again.sources.map((o) => o.mode)).to.deep.equal(['unchanged', 'unchanged', 'unchanged']);
      expect(mirror.reads, 'nothing new: no mirror read').to.equal(1);
      expect(changesOf(again.plan)).to.deep.equal(changesOf(first.plan));

      // A write to the mirror (a worker's) moves its version: the next run plans again.
      const site = first.plan.entities.sites?.changes[0];
      await mirror.put('sites', site!.key, { id: 77, name: 'written', external_code: site!.key } as never);
      const afterWrite = await planner.plan();
      expect(mirror.reads).to.equal(2);
      expect(changesOf(afterWrite.plan)).to.not.include(
        changesOf(first.plan).find((c) => c.startsWith(`sites:${site!.key}:`)),
      );

      // A source change moves the kept reads: the next run plans again, as a planner without a memo would.
      write(
        `UPDATE bPREH SET Phone = '337-555-0177' WHERE PRCo = 1 AND Employee = ${Number(company.vista.bPREH[0]?.Employee)}`,
      );
      const afterChange = await planner.plan();
      expect(mirror.reads).to.equal(3);
      const fresh = await new SyncPlanner({
        readers: async () => readers,
        mirror,
        settings: DEFAULT_PLAN_SETTINGS,
        now: () => new Date(clock),
      }).plan();
      expect(changesOf(afterChange.plan)).to.deep.equal(changesOf(fresh.plan));
    });
  });
});
