import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCompany, writeCompanyFiles } from '../../apps/simulators/dataset/index.js';
import type { CompanyDataset, GenerateCompanyOptions } from '../../apps/simulators/dataset/index.js';
import { startGraphSimulator, type GraphSimulator } from '../../apps/simulators/graph/server.js';
import {
  startSafetyAmpSimulator,
  type RunningSafetyAmpSimulator,
} from '../../apps/simulators/safetyamp/server.js';
import { startSamsaraSimulator, type SamsaraSimulator } from '../../apps/simulators/samsara/server.js';
import { startVistaSimulator, type VistaSimulator } from '../../apps/simulators/vista/server.js';
import { loadConfig } from '../../libs/platform/config.js';
import { createRedisConnection, redisTargetFrom } from '../../libs/queue/connections.js';
import { redisKeyPrefix } from '../../libs/queue/key-prefix.js';
import { deleteKeysWithPrefix } from '../../libs/platform/redis-client.js';
import type { RunSummary } from '../../libs/state/run-records.js';

const FLEET_BIN = fileURLToPath(new URL('../../bin/fleet.js', import.meta.url));
export { TEST_REDIS_URL } from './redis-url.js';
import { TEST_REDIS_URL } from './redis-url.js';

export interface FleetHarnessOptions {
  company: Partial<GenerateCompanyOptions>;
  /** SafetyAmp budget for both the simulator and the fleet (default: generous, so runs are quick). */
  rateLimit?: { max: number; windowMs: number };
  redisUrl?: string;
  /** More environment for every fleet process (e.g. REDIS_CLUSTER, REDIS_TLS_CA_FILE), over the harness's own. */
  env?: NodeJS.ProcessEnv;
}

export interface FleetResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The whole fleet's surroundings for an end-to-end test: a generated company served by the four real simulators
 * over TCP, a unique Redis prefix, and the environment with which `fleet` child processes reach them.
 */
export class FleetHarness {
  readonly env: NodeJS.ProcessEnv;
  /** The Redis key prefix the fleet's processes use (`{QUEUE_PREFIX}`), for queues a test opens itself. */
  readonly keyPrefix: string;
  private readonly children = new Set<ChildProcess>();

  private constructor(
    readonly dir: string,
    readonly company: CompanyDataset,
    readonly files: { vistaFile: string; graphFile: string; samsaraFile: string; safetyampFile: string },
    readonly safetyamp: RunningSafetyAmpSimulator,
    readonly vista: VistaSimulator,
    readonly graph: GraphSimulator,
    readonly samsara: SamsaraSimulator,
    readonly prefix: string,
    readonly redisUrl: string,
    rateLimit: { max: number; windowMs: number },
    extraEnv: NodeJS.ProcessEnv,
  ) {
    this.keyPrefix = redisKeyPrefix(prefix);
    this.env = {
      ...process.env,
      NODE_EXTRA_CA_CERTS: graph.caFile,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      SAFETYAMP_BASE_URL: safetyamp.url,
      SAFETYAMP_TOKEN: safetyamp.token,
      SAFETYAMP_FQDN: safetyamp.fqdn,
      SAFETYAMP_RATE_LIMIT: `${rateLimit.max}/${rateLimit.windowMs}ms`,
      SAFETYAMP_TIMEOUT_MS: '5000',
      VISTA_SERVER: vista.host,
      VISTA_PORT: String(vista.port),
      VISTA_DATABASE: 'Viewpoint',
      VISTA_USER: 'test',
      VISTA_PASSWORD: 'test',
      VISTA_ENCRYPT: 'false',
      GRAPH_TENANT_ID: 'test-tenant',
      GRAPH_CLIENT_ID: 'test-client',
      GRAPH_CLIENT_SECRET: 'test-secret',
      GRAPH_AUTHORITY_URL: graph.url,
      GRAPH_BASE_URL: graph.url,
      SAMSARA_BASE_URL: samsara.url,
      SAMSARA_API_KEY: 'test-key',
      WORKER_PORT: '0',
      WORKER_CONCURRENCY: '4',
      JOB_BACKOFF_MS: '200',
      WORKER_LOCK_MS: '4000',
      RUN_LOCK_MS: '20000',
      ...extraEnv,
    };
  }

  static async start(options: FleetHarnessOptions): Promise<FleetHarness> {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-e2e-'));
    const company = generateCompany({
      seed: 7,
      employees: 150,
      jobs: 40,
      departments: 8,
      vehicles: 20,
      asOf: new Date(Date.UTC(2026, 10, 1)),
      ...options.company,
    });
    const files = await writeCompanyFiles(dir, company);
    const rateLimit = options.rateLimit ?? { max: 1_000, windowMs: 1_000 };
    const safetyamp = await startSafetyAmpSimulator({ dataFile: files.safetyampFile, rateLimit });
    const vista = await startVistaSimulator({ dataFile: files.vistaFile });
    const graph = await startGraphSimulator({ dataFile: files.graphFile });
    const samsara = await startSamsaraSimulator({ dataFile: files.samsaraFile });
    const prefix = `e2e-${process.pid}-${Date.now().toString(36)}`;
    return new FleetHarness(
      dir,
      company,
      files,
      safetyamp,
      vista,
      graph,
      samsara,
      prefix,
      options.redisUrl ?? TEST_REDIS_URL,
      rateLimit,
      options.env ?? {},
    );
  }

  /** Starts `fleet <args>` and leaves it running (producer, worker). */
  spawnFleet(args: string[], extraEnv: NodeJS.ProcessEnv = {}): ChildProcess {
    const child = spawn(process.execPath, [FLEET_BIN, ...args], {
      env: { ...this.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** Runs `fleet <args>` to its end. */
  async runFleet(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<FleetResult> {
    const child = this.spawnFleet(args, extraEnv);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    return { code, stdout, stderr };
  }

  /** `fleet sync --wait --json …` and its parsed summary. */
  async sync(
    args: string[] = ['--inline'],
    extraEnv: NodeJS.ProcessEnv = {},
  ): Promise<{ code: number | null; summary: RunSummary; stderr: string }> {
    const result = await this.runFleet(['sync', '--wait', '--json', ...args], extraEnv);
    let summary: RunSummary;
    try {
      summary = JSON.parse(result.stdout) as RunSummary;
    } catch {
      throw new Error(
        `fleet sync printed no JSON summary (exit ${result.code}):\n${result.stdout}\n${result.stderr.slice(-4000)}`,
      );
    }
    return { code: result.code, summary, stderr: result.stderr };
  }

  /** A writable handle on the Vista database the TDS endpoint serves (changes are seen by the next query). */
  vistaDatabase(): Database.Database {
    return new Database(this.files.vistaFile);
  }

  async close(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    await Promise.allSettled([
      this.safetyamp.close(),
      this.vista.close(),
      this.graph.close(),
      this.samsara.close(),
    ]);
    // The fleet's own view of its Redis (a cluster, TLS), from the environment its processes get.
    const redis = createRedisConnection(redisTargetFrom(loadConfig(['redis'], this.env).redis));
    await deleteKeysWithPrefix(redis, this.keyPrefix);
    await redis.quit();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
