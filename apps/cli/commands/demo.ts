import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCompany, writeCompanyFiles } from '../../simulators/dataset/index.js';
import { hashPassword } from '../../dashboard/passwords.js';
import { requestRun } from '../../../libs/fleet/run/request-run.js';
import { FleetQueues } from '../../../libs/queue/fleet-queues.js';
import { createRedisConnection, redisTargetFrom } from '../../../libs/queue/connections.js';
import { loadConfig } from '../../../libs/platform/config.js';
import { redisKeyPrefix } from '../../../libs/queue/key-prefix.js';
import { parseRateLimit } from '../../../libs/safetyamp/rate-limit.js';
import { RunRecords } from '../../../libs/state/run-records.js';
import { FleetChildren, openLog, stopChild, type StartedChild } from '../demo/child-processes.js';
import { portIsFree } from '../demo/dashboard-port.js';
import { demoCompany } from '../demo/demo-company.js';
import { demoOptions } from '../demo/demo-options.js';
import { clearPrefix, redisForDemo } from '../demo/redis-for-demo.js';
import { reportProgress } from '../demo/run-progress.js';

/** 60 calls per 3 s: production's budget (60 per 61 s) sped up about 20×, so a first sync takes minutes, not an hour. */
const DEMO_RATE_LIMIT = '60/3s';
const DASHBOARD_HOST = '127.0.0.1';
const DASHBOARD_LISTENING = /^dashboard listening on (\S+)/;

/**
 * `fleet demo` (what `npm start` runs): the whole fleet on this machine — four simulators with a generated company,
 * Redis, a producer, two workers and the dashboard — and a first run. Ctrl-C stops everything.
 */
export async function main(args: string[]): Promise<number> {
  const options = demoOptions(args, process.env);
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'safetyamp-demo-'));
  const log = openLog(join(dir, 'demo.log'));
  const simulators = new FleetChildren(log);
  const fleet = new FleetChildren(log);
  let redisChild: ChildProcess | undefined;
  let stopping: Promise<never> | undefined;
  // The fleet first (workers finish their calls against running simulators), then the simulators, then Redis.
  const stop = (code: number): Promise<never> =>
    (stopping ??= (async () => {
      say('\nstopping the fleet …');
      await fleet.stopAll();
      await simulators.stopAll();
      if (redisChild) await stopChild(redisChild);
      log.end();
      say('stopped.');
      process.exit(code);
    })());
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    say('safetyamp-sync demo');
    const redis = await redisForDemo(redisTargetFrom(loadConfig(['redis']).redis), say);
    redisChild = redis.child;
    say(
      `  redis       ${redis.target.url}${redis.child ? ' (private redis-server started for the demo)' : ''}`,
    );
    await clearPrefix(redis.target, options.queuePrefix);

    const company = demoCompany(options.employees, new Date());
    const files = await writeCompanyFiles(dir, generateCompany(company));
    say(
      `  company     ${company.employees} employees, ${company.jobs} jobs, ${company.departments} departments, ${company.vehicles} vehicles (generated in ${dir})`,
    );

    const simEnv = { ...process.env, LOG_FORMAT: 'json' };
    const token = 'demo-token';
    const fqdn = 'demo.safetyamp.com';
    const simulate = (name: string, dataFile: string, extra: string[] = []): Promise<StartedChild> =>
      simulators.start(
        name,
        ['simulate', name, '--port', '0', '--data', dataFile, ...extra],
        simEnv,
        /^listening on /,
      );
    const safetyamp = await simulate('safetyamp', files.safetyampFile, [
      '--token',
      token,
      '--fqdn',
      fqdn,
      '--rate-limit',
      DEMO_RATE_LIMIT,
    ]);
    const vista = await simulate('vista', files.vistaFile);
    const graph = await simulate('graph', files.graphFile);
    const samsara = await simulate('samsara', files.samsaraFile);
    const urlOf = (c: StartedChild): string =>
      (c.lines.find((l) => l.startsWith('listening on ')) ?? '').slice('listening on '.length);
    const caFile = graph.lines.find((l) => l.startsWith('ca '))?.slice(3);
    const vistaUrl = new URL(urlOf(vista));
    say(
      `  simulators  SafetyAmp ${urlOf(safetyamp)} · Vista ${urlOf(vista)} · Graph ${urlOf(graph)} · Samsara ${urlOf(samsara)}`,
    );
    say(
      `  rate limit  SafetyAmp simulator allows ${DEMO_RATE_LIMIT} (production: 60/61s) — time-scaled so the first sync takes a few minutes`,
    );

    const operatorPassword = randomBytes(9).toString('base64url');
    const viewerPassword = randomBytes(9).toString('base64url');
    const fleetEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_EXTRA_CA_CERTS: caFile,
      REDIS_URL: redis.target.url,
      REDIS_CLUSTER: String(redis.target.cluster ?? false),
      // A private redis-server speaks no TLS: a configured CA would be refused with its plain URL.
      REDIS_TLS_CA_FILE: redis.child ? '' : process.env.REDIS_TLS_CA_FILE,
      QUEUE_PREFIX: options.queuePrefix,
      LOG_FORMAT: 'json',
      SAFETYAMP_BASE_URL: urlOf(safetyamp),
      SAFETYAMP_TOKEN: token,
      SAFETYAMP_FQDN: fqdn,
      SAFETYAMP_RATE_LIMIT: DEMO_RATE_LIMIT,
      VISTA_SERVER: vistaUrl.hostname,
      VISTA_PORT: vistaUrl.port,
      VISTA_DATABASE: 'Viewpoint',
      VISTA_USER: 'demo',
      VISTA_PASSWORD: 'demo',
      VISTA_ENCRYPT: 'false',
      GRAPH_TENANT_ID: 'demo-tenant',
      GRAPH_CLIENT_ID: 'demo-client',
      GRAPH_CLIENT_SECRET: 'demo-secret',
      GRAPH_AUTHORITY_URL: urlOf(graph),
      GRAPH_BASE_URL: urlOf(graph),
      SAMSARA_BASE_URL: urlOf(samsara),
      SAMSARA_API_KEY: 'demo-key',
      WORKER_PORT: '0',
      JOB_BACKOFF_MS: '1000',
      DASHBOARD_HOST,
      DASHBOARD_USERS: `operator:operator:${await hashPassword(operatorPassword)},viewer:viewer:${await hashPassword(viewerPassword)}`,
      DASHBOARD_SESSION_SECRET: randomBytes(32).toString('hex'),
      DASHBOARD_SECURE_COOKIES: 'false',
    };
    await fleet.start('producer', ['producer'], fleetEnv);
    await fleet.start('worker-1', ['worker'], fleetEnv);
    await fleet.start('worker-2', ['worker'], fleetEnv);
    const dashboard = await startDashboard(fleet, fleetEnv, options.port);

    say('');
    say(
      `  dashboard   ${dashboard.url}/${dashboard.taken ? `   (port ${options.port} is taken: this one was free)` : ''}`,
    );
    say(`  log in      operator / ${operatorPassword}   (can retry, pause, trigger)`);
    say(`              viewer   / ${viewerPassword}   (read-only, personal data masked)`);
    say(`  logs        ${join(dir, 'demo.log')}`);
    say('');

    const connection = createRedisConnection(redis.target);
    const queues = new FleetQueues(connection, redisKeyPrefix(options.queuePrefix));
    const runs = new RunRecords(connection, redisKeyPrefix(options.queuePrefix));
    const runId = await requestRun(queues.runs, { kind: 'sync', trigger: 'demo' });
    say(`first run ${runId} requested; progress every 10 s (Ctrl-C stops everything)`);
    const run = await reportProgress({ runs, queues, budget: parseRateLimit(DEMO_RATE_LIMIT) }, runId, say);
    say(`first run ${run.status}: details on the dashboard`);
    await queues.close();
    await connection.quit();
    say('the fleet keeps running (scheduled every 15 minutes); Ctrl-C stops it.');
    await new Promise(() => undefined);
    return 0;
  } catch (err) {
    if (stopping) return stopping;
    process.stderr.write(`demo: ${(err as Error).message}\n`);
    return stop(2);
  }
}

/**
 * Starts the dashboard on `wanted`, or on a port the system picks when `wanted` is taken (also when it was taken
 * between the check and the listen); returns the URL it listens on and whether `wanted` was taken.
 */
async function startDashboard(
  fleet: FleetChildren,
  env: NodeJS.ProcessEnv,
  wanted: number,
): Promise<{ url: string; taken: boolean }> {
  const start = async (port: number): Promise<string> => {
    const child = await fleet.start(
      'dashboard',
      ['dashboard'],
      { ...env, DASHBOARD_PORT: String(port) },
      DASHBOARD_LISTENING,
    );
    const line = child.lines.find((l) => DASHBOARD_LISTENING.test(l)) ?? '';
    return DASHBOARD_LISTENING.exec(line)?.[1] ?? '';
  };
  if (wanted === 0) return { url: await start(0), taken: false };
  if (!(await portIsFree(DASHBOARD_HOST, wanted))) return { url: await start(0), taken: true };
  try {
    return { url: await start(wanted), taken: false };
  } catch (err) {
    if (await portIsFree(DASHBOARD_HOST, wanted)) throw err;
    return { url: await start(0), taken: true };
  }
}
