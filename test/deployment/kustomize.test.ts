import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { KNOWN_VARIABLES } from '../../libs/platform/config.js';
import {
  danglingIngressPorts,
  egressAllows,
  fromNamespace,
  ingressOpenPorts,
  samePodsAs,
} from './network-policies.js';
import { restrictedViolations } from './pod-security.js';
import {
  ROOT,
  assertKubectl,
  committedComponents,
  devSecretsFromExample,
  render,
  type K8sObject,
  type Variant,
} from './render.js';
import { validateAgainstSchema } from './schemas.js';
import {
  allContainers,
  kindAndName,
  selects,
  workloads,
  type Container,
  type Workload,
} from './workloads.js';

/**
 * What a cluster admin checks before `kubectl apply -k`: every overlay, with each component combination that makes
 * sense, rendered by kubectl's kustomize, validated against the API and CRD schemas offline, and held to the
 * invariants below. No cluster is needed; kubectl is (the tests fail, naming the package, without it).
 */

const FLEET_COMMANDS = ['producer', 'worker', 'dashboard', 'sync', 'reconcile'];
const DRAIN_METRIC = 'safetyamp_backlog_drain_seconds';
const NAMESPACE = 'safetyamp-sync';
/** Start-up (image pull, Redis, sources) and the workers' shutdown, on top of a run's --max-duration. */
const CRONJOB_HEADROOM_SECONDS = 300;
/** config.ts defaults the manifests may rely on. */
const DEFAULTS = { WORKER_SHUTDOWN_TIMEOUT_MS: '25000', VISTA_PORT: '1433', RECONCILE_SCHEDULE: '0 3 * * *' };

const VARIANTS: (Variant & { title: string })[] = [
  { title: 'dev', overlay: 'dev' },
  {
    title: 'dev + monitoring + ingress + run-report',
    overlay: 'dev',
    add: ['monitoring', 'ingress', 'run-report'],
  },
  { title: 'dev + cronjob', overlay: 'dev', add: ['cronjob'] },
  { title: 'prod', overlay: 'prod' },
  {
    title: 'prod with keda instead of the adapter',
    overlay: 'prod',
    remove: ['prometheus-adapter'],
    add: ['keda'],
  },
  { title: 'prod + cronjob', overlay: 'prod', add: ['cronjob'] },
  {
    title: 'prod with keda + cronjob',
    overlay: 'prod',
    remove: ['prometheus-adapter'],
    add: ['keda', 'cronjob'],
  },
];

function isFleetImage(image: string): boolean {
  return /(^|\/)safetyamp-sync[:@]/.test(image);
}

function find(objects: K8sObject[], kind: string, name?: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
}

/** The fleet's ConfigMap (generated, so its name carries a hash suffix). */
function fleetConfigMap(objects: K8sObject[]): K8sObject {
  const maps = find(objects, 'ConfigMap').filter((m) =>
    /^safetyamp-sync-[a-z0-9]{10}$/.test(m.metadata.name),
  );
  expect(maps, 'one generated fleet ConfigMap').to.have.length(1);
  return maps[0] as K8sObject;
}

function fleetConfig(objects: K8sObject[]): Record<string, string> {
  return fleetConfigMap(objects).data ?? {};
}

/** What the fleet's Secret holds: the dev Secret generated from secrets.env, or the prod ExternalSecret's template. */
function fleetSecret(objects: K8sObject[]): Record<string, string> {
  const external = find(objects, 'ExternalSecret', 'safetyamp-sync')[0];
  if (external) {
    const target = (external.spec as { target: { name: string; template: { data: Record<string, string> } } })
      .target;
    expect(target.name).to.equal('safetyamp-sync');
    return target.template.data;
  }
  const secrets = find(objects, 'Secret');
  expect(secrets, 'the Secret generated from secrets.env').to.have.length(1);
  const data = secrets[0]?.data ?? {};
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );
}

/** REDIS_URL with any ExternalSecret template expression stood in for, so that it parses. */
function redisUrl(objects: K8sObject[]): URL {
  const raw = fleetSecret(objects).REDIS_URL;
  expect(raw, 'REDIS_URL in the fleet Secret').to.be.a('string');
  return new URL((raw as string).replace(/\{\{[^}]*\}\}/g, 'templated'));
}

function env(container: Container, variable: string): string | undefined {
  return container.env?.find((e) => e.name === variable)?.value;
}

function parseDurationSeconds(text: string): number {
  const match = /^(\d+)(s|m|h)$/.exec(text);
  if (!match) throw new Error(`not a duration: ${text}`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'];
}

function fleetWorkloads(objects: K8sObject[]): Workload[] {
  return workloads(objects).filter((w) => w.pod.containers.some((c) => isFleetImage(c.image)));
}

describe('Kubernetes manifests (kubectl kustomize, offline schemas)', function () {
  this.timeout(120_000);
  const renderings = new Map<string, K8sObject[]>();

  before(() => {
    assertKubectl();
    for (const variant of VARIANTS) renderings.set(variant.title, render(variant));
  });

  it('no committed file holds a Secret with values, and the dev env file is git-ignored', () => {
    const files = execFileSync('git', ['ls-files', 'k8s'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
    const yamlFiles = files.filter((f) => /\.ya?ml$/.test(f));
    expect(yamlFiles.length).to.be.greaterThan(10);
    for (const file of yamlFiles) {
      for (const doc of parseAllDocuments(readFileSync(join(ROOT, file), 'utf8'))) {
        const object = doc.toJS() as K8sObject | null;
        if (object?.kind !== 'Secret') continue;
        expect(
          object.data ?? object.stringData,
          `${file}: Secret ${object.metadata.name} carries values`,
        ).to.equal(undefined);
      }
    }
    expect(files).to.include('k8s/overlays/dev/secrets.env.example');
    expect(files).not.to.include('k8s/overlays/dev/secrets.env');
    const ignored = spawnSync('git', ['check-ignore', '-q', 'k8s/overlays/dev/secrets.env'], { cwd: ROOT });
    expect(ignored.status, 'k8s/overlays/dev/secrets.env is git-ignored').to.equal(0);
    for (const line of readFileSync(join(ROOT, 'k8s/overlays/dev/secrets.env.example'), 'utf8').split('\n')) {
      if (line.startsWith('#') || !line.includes('=')) continue;
      const value = line.slice(line.indexOf('=') + 1);
      expect(value === '' || value.includes('<REDIS_PASSWORD>'), `example holds a value: ${line}`).to.equal(
        true,
      );
    }
  });

  for (const variant of VARIANTS) {
    const components = [
      ...committedComponents(variant.overlay).filter((c) => !(variant.remove ?? []).includes(c)),
      ...(variant.add ?? []),
    ];
    const has = (component: string): boolean => components.includes(component);

    describe(variant.title, () => {
      const objects = (): K8sObject[] => renderings.get(variant.title) ?? [];

      it('every object matches its API or CRD schema', () => {
        expect(objects().length).to.be.greaterThan(10);
        const problems: string[] = [];
        for (const object of objects()) {
          try {
            validateAgainstSchema(object);
          } catch (err) {
            problems.push((err as Error).message);
          }
        }
        expect(problems).to.deep.equal([]);
      });

      it('every pod meets the restricted Pod Security Standard, which the namespace enforces', () => {
        const namespace = find(objects(), 'Namespace', NAMESPACE)[0];
        for (const mode of ['enforce', 'audit', 'warn']) {
          expect(namespace?.metadata.labels?.[`pod-security.kubernetes.io/${mode}`], mode).to.equal(
            'restricted',
          );
        }
        expect(workloads(objects()).length).to.be.greaterThan(2);
        for (const w of workloads(objects())) {
          expect(restrictedViolations(w.pod), kindAndName(w.object)).to.deep.equal([]);
          expect(w.object.metadata.namespace, kindAndName(w.object)).to.equal(NAMESPACE);
        }
      });

      it('every pod runs as a non-root user under the service account that has no token', () => {
        const account = find(objects(), 'ServiceAccount', 'safetyamp-sync')[0];
        expect(account?.automountServiceAccountToken).to.equal(false);
        for (const w of workloads(objects())) {
          expect(w.pod.serviceAccountName, kindAndName(w.object)).to.equal('safetyamp-sync');
          expect(w.pod.automountServiceAccountToken, kindAndName(w.object)).to.equal(false);
          for (const c of allContainers(w.pod)) {
            const user = c.securityContext?.runAsUser ?? w.pod.securityContext?.runAsUser;
            expect(user, `${kindAndName(w.object)} ${c.name}: explicit non-root user`)
              .to.be.a('number')
              .above(0);
            expect(c.securityContext?.readOnlyRootFilesystem, `${kindAndName(w.object)} ${c.name}`).to.equal(
              true,
            );
          }
        }
      });

      it('every container has requests and limits; long-running ones have liveness and readiness probes', () => {
        for (const w of workloads(objects())) {
          for (const c of allContainers(w.pod)) {
            const where = `${kindAndName(w.object)} ${c.name}`;
            for (const kind of ['requests', 'limits'] as const) {
              expect(c.resources?.[kind], `${where} ${kind}`).to.include.keys('cpu', 'memory');
            }
            // A CronJob's pod lives for one run and its exit code is the verdict: it needs no probes.
            if (!w.longRunning) continue;
            expect(c.livenessProbe, `${where} liveness`).to.be.an('object');
            expect(c.readinessProbe, `${where} readiness`).to.be.an('object');
            for (const probe of [c.livenessProbe, c.readinessProbe]) {
              const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
              if (port === undefined) continue;
              const declared = (c.ports ?? []).some((p) => p.name === port || p.containerPort === port);
              expect(declared, `${where}: probe port ${String(port)} is one of its ports`).to.equal(true);
            }
          }
        }
      });

      it('no image is :latest; prod pins the fleet image by tag and digest', () => {
        const images = workloads(objects()).flatMap((w) => allContainers(w.pod).map((c) => c.image));
        expect(images.filter(isFleetImage).length).to.be.greaterThan(1);
        for (const image of images) {
          const withoutDigest = image.split('@')[0] as string;
          const tag = /:([^:/]+)$/.exec(withoutDigest)?.[1];
          expect(tag, `${image} has a tag`).to.be.a('string');
          expect(tag, image).not.to.equal('latest');
          if (variant.overlay === 'prod' && isFleetImage(image)) {
            expect(image, 'tag and digest').to.match(/^[^@]+:[^:@/]+@sha256:[0-9a-f]{64}$/);
          }
        }
      });

      it('fleet containers run a fleet command and set only variables the fleet reads, secrets as files', () => {
        const config = fleetConfig(objects());
        expect(Object.keys(config).length).to.be.greaterThan(5);
        for (const key of Object.keys(config))
          expect(KNOWN_VARIABLES.has(key), `ConfigMap ${key}`).to.equal(true);
        const secretKeys = Object.keys(fleetSecret(objects()));
        for (const key of secretKeys) {
          // REDIS_PASSWORD is the dev Redis's own (requirepass); the fleet reads the password inside REDIS_URL.
          if (key === 'REDIS_PASSWORD' && variant.overlay === 'dev') continue;
          expect(KNOWN_VARIABLES.has(key), `Secret ${key}`).to.equal(true);
        }
        const fleet = fleetWorkloads(objects());
        expect(fleet.length).to.be.greaterThan(2);
        for (const w of fleet) {
          const secretVolumes = new Set(
            (w.pod.volumes ?? [])
              .filter((v) => v.secret?.secretName.startsWith('safetyamp-sync'))
              .map((v) => v.name),
          );
          for (const c of allContainers(w.pod)) {
            const where = `${kindAndName(w.object)} ${c.name}`;
            expect(FLEET_COMMANDS, where).to.include(c.args?.[0]);
            expect(
              c.envFrom?.map((e) => e.configMapRef?.name),
              where,
            ).to.deep.equal([fleetConfigMap(objects()).metadata.name]);
            const mountPaths = (c.volumeMounts ?? [])
              .filter((m) => secretVolumes.has(m.name))
              .map((m) => m.mountPath);
            for (const { name: variable, value } of c.env ?? []) {
              if (variable === 'NODE_OPTIONS') continue;
              const base = variable.endsWith('_FILE') ? variable.slice(0, -'_FILE'.length) : variable;
              expect(KNOWN_VARIABLES.has(base), `${where}: ${variable}`).to.equal(true);
              if (base === variable) continue;
              // <NAME>_FILE names a file of the mounted fleet Secret, and the Secret has that key.
              const mount = mountPaths.find((p) => value?.startsWith(`${p}/`));
              expect(mount, `${where}: ${variable}=${value} is in a mounted secret`).to.be.a('string');
              expect(secretKeys, `${where}: ${variable}`).to.include(
                value?.slice((mount as string).length + 1),
              );
            }
            expect(env(c, 'REDIS_URL_FILE'), `${where} reads REDIS_URL from the Secret`).to.be.a('string');
          }
        }
      });

      it('shutdown fits in the pod grace period', () => {
        const config = fleetConfig(objects());
        const dashboardSource = readFileSync(join(ROOT, 'apps/cli/commands/dashboard.ts'), 'utf8');
        const dashboardGraceMs = Number(
          /SHUTDOWN_GRACE_MS = ([\d_]+)/.exec(dashboardSource)?.[1]?.replace(/_/g, ''),
        );
        expect(dashboardGraceMs).to.be.above(0);
        for (const w of fleetWorkloads(objects())) {
          const grace = (w.pod.terminationGracePeriodSeconds ?? 30) * 1000;
          for (const c of w.pod.containers) {
            const drainMs =
              c.args?.[0] === 'dashboard'
                ? dashboardGraceMs
                : Number(
                    env(c, 'WORKER_SHUTDOWN_TIMEOUT_MS') ??
                      config.WORKER_SHUTDOWN_TIMEOUT_MS ??
                      DEFAULTS.WORKER_SHUTDOWN_TIMEOUT_MS,
                  );
            expect(grace, `${kindAndName(w.object)}: grace period above the drain time`).to.be.above(drainMs);
          }
        }
      });

      it("the fleet may reach Redis on REDIS_URL's port and SQL Server on VISTA_PORT", () => {
        const url = redisUrl(objects());
        const redisPort = Number(url.port || 6379);
        if (variant.overlay === 'prod') {
          expect(url.protocol, 'managed Redis over TLS').to.equal('rediss:');
          expect(url.password, 'managed Redis with a password').not.to.equal('');
        }
        const sqlPort = Number(fleetConfig(objects()).VISTA_PORT ?? DEFAULTS.VISTA_PORT);
        const redis = workloads(objects()).find((w) => w.object.metadata.name === 'redis');
        for (const w of fleetWorkloads(objects())) {
          const toRedis = redis ? samePodsAs(redis.labels) : undefined;
          expect(
            egressAllows(objects(), w.labels, redisPort, toRedis),
            `${kindAndName(w.object)} → Redis`,
          ).to.equal(true);
          expect(
            egressAllows(objects(), w.labels, sqlPort),
            `${kindAndName(w.object)} → SQL ${sqlPort}`,
          ).to.equal(true);
          expect(egressAllows(objects(), w.labels, 443), `${kindAndName(w.object)} → HTTPS`).to.equal(true);
          const unrelated = 5432;
          expect(
            egressAllows(objects(), w.labels, unrelated),
            `${kindAndName(w.object)} → ${unrelated}`,
          ).to.equal(false);
        }
        if (variant.overlay === 'dev') {
          // The in-cluster Redis: REDIS_URL names its Service and port, and only the fleet may connect to it.
          expect(redis, 'dev ships Redis').to.not.equal(undefined);
          const service = find(objects(), 'Service', url.hostname)[0];
          expect(service, `Service ${url.hostname} of REDIS_URL`).to.not.equal(undefined);
          const ports = (service?.spec as { ports: { port: number; targetPort: string | number }[] }).ports;
          expect(ports.map((p) => p.port)).to.deep.equal([redisPort]);
          const redisPod = redis as Workload;
          const open = ingressOpenPorts(
            objects(),
            redisPod.labels,
            redisPod.pod.containers,
            samePodsAs({ 'app.kubernetes.io/name': 'safetyamp-sync' }),
          );
          expect([...open]).to.deep.equal([redisPort]);
          const fromElsewhere = ingressOpenPorts(
            objects(),
            redisPod.labels,
            redisPod.pod.containers,
            () => false,
          );
          expect([...fromElsewhere], 'no one else reaches Redis').to.deep.equal([]);
        }
      });

      it('NetworkPolicy ingress ports are the ports the Services, the Ingress and the PodMonitor use', () => {
        const pods = workloads(objects()).map((w) => ({ labels: w.labels, containers: w.pod.containers }));
        expect(danglingIngressPorts(objects(), pods)).to.deep.equal([]);
        const dashboard = workloads(objects()).find((w) => w.object.metadata.name === 'safetyamp-dashboard');
        expect(dashboard).to.not.equal(undefined);
        const dash = dashboard as Workload;
        const service = find(objects(), 'Service', 'safetyamp-dashboard')[0];
        const servicePorts = (service?.spec as { ports: { name: string; targetPort: string | number }[] })
          .ports;
        const dashPorts = dash.pod.containers.flatMap((c) => c.ports ?? []);
        const targetPorts = servicePorts.map(
          (s) =>
            dashPorts.find((p) => p.name === s.targetPort || p.containerPort === s.targetPort)?.containerPort,
        );
        expect(
          targetPorts.every((p) => p !== undefined),
          'Service targets a dashboard port',
        ).to.equal(true);
        const fromIngress = ingressOpenPorts(
          objects(),
          dash.labels,
          dash.pod.containers,
          fromNamespace('ingress-nginx'),
        );
        if (has('ingress')) {
          const ingress = find(objects(), 'Ingress', 'safetyamp-dashboard')[0];
          const backend = JSON.stringify(ingress?.spec);
          expect(backend).to.contain('"name":"safetyamp-dashboard"');
          expect([...fromIngress]).to.deep.equal(targetPorts);
        } else {
          expect([...fromIngress], 'no ingress controller without components/ingress').to.deep.equal([]);
        }
        const monitor = find(objects(), 'PodMonitor', 'safetyamp-sync')[0];
        expect(monitor !== undefined, 'PodMonitor only with components/monitoring').to.equal(
          has('monitoring'),
        );
        if (monitor) {
          const monitorSpec = monitor.spec as {
            selector: { matchLabels: Record<string, string> };
            podMetricsEndpoints: { port: string }[];
          };
          for (const w of workloads(objects()).filter(
            (x) => x.longRunning && selects(monitorSpec.selector, x.labels),
          )) {
            const open = ingressOpenPorts(objects(), w.labels, w.pod.containers, fromNamespace('monitoring'));
            const scraped = w.pod.containers
              .flatMap((c) => c.ports ?? [])
              .filter((p) => monitorSpec.podMetricsEndpoints.some((e) => e.port === p.name));
            expect(scraped.length, `${kindAndName(w.object)} serves a scraped port`).to.be.greaterThan(0);
            for (const p of scraped)
              expect([...open], `${kindAndName(w.object)} scraped on ${p.name}`).to.include(p.containerPort);
          }
        }
      });

      it('workers autoscale on the drain time the dashboard exports (prod), through one autoscaler', () => {
        const exported = readFileSync(join(ROOT, 'apps/dashboard/fleet-metrics.ts'), 'utf8');
        expect(exported).to.contain(`'${DRAIN_METRIC}'`);
        const hpas = find(objects(), 'HorizontalPodAutoscaler');
        const scaled = find(objects(), 'ScaledObject');
        if (variant.overlay === 'dev') {
          expect(hpas.length + scaled.length, 'dev runs one worker').to.equal(0);
          return;
        }
        expect(hpas.length + scaled.length, 'exactly one autoscaler').to.equal(1);
        const autoscaler = (hpas[0] ?? scaled[0]) as K8sObject;
        const target = (autoscaler.spec as { scaleTargetRef: { kind?: string; name: string } })
          .scaleTargetRef;
        expect(target.kind ?? 'Deployment').to.equal('Deployment');
        expect(find(objects(), 'Deployment', target.name).length, 'targets the worker Deployment').to.equal(
          1,
        );
        expect(target.name).to.equal('safetyamp-worker');
        if (has('keda')) {
          expect(hpas).to.have.length(0);
          const trigger = (
            autoscaler.spec as { triggers: { type: string; metadata: Record<string, string> }[] }
          ).triggers[0];
          expect(trigger?.type).to.equal('prometheus');
          expect(trigger?.metadata.query).to.contain(DRAIN_METRIC).and.contain('safetyamp_fleet_paused');
          for (const match of trigger?.metadata.query?.matchAll(/namespace="([^"]+)"/g) ?? []) {
            expect(match[1], 'the query reads this namespace').to.equal(autoscaler.metadata.namespace);
          }
        } else {
          const metrics = (autoscaler.spec as { metrics: { external?: { metric: { name: string } } }[] })
            .metrics;
          expect(metrics.map((m) => m.external?.metric.name)).to.deep.equal([DRAIN_METRIC]);
          // The adapter rule that serves that external metric.
          const rules = find(objects(), 'ConfigMap', 'safetyamp-sync-prometheus-adapter-rules')[0];
          expect(rules, 'components/prometheus-adapter').to.not.equal(undefined);
          const adapter = parse(rules?.data?.['config.yaml'] ?? '') as {
            externalRules: { name: { as: string }; metricsQuery: string }[];
          };
          expect(adapter.externalRules.map((r) => r.name.as)).to.deep.equal([DRAIN_METRIC]);
          expect(adapter.externalRules[0]?.metricsQuery)
            .to.contain(DRAIN_METRIC)
            .and.contain('safetyamp_fleet_paused');
        }
      });

      it('disruption budgets cover the workers and the dashboard; workers spread over nodes', () => {
        const budgets = find(objects(), 'PodDisruptionBudget');
        const expected = [
          'safetyamp-worker',
          'safetyamp-dashboard',
          ...(has('cronjob') ? [] : ['safetyamp-producer']),
        ];
        expect(budgets.map((b) => b.metadata.name)).to.have.members(expected);
        for (const budget of budgets) {
          const selector = (budget.spec as { selector: { matchLabels: Record<string, string> } }).selector;
          const covered = workloads(objects()).filter((w) => selects(selector, w.labels));
          expect(
            covered.map((w) => w.object.metadata.name),
            budget.metadata.name,
          ).to.deep.equal([budget.metadata.name]);
        }
        const worker = find(objects(), 'Deployment', 'safetyamp-worker')[0];
        const spread = JSON.stringify(worker?.spec);
        expect(spread).to.contain('"topologyKey":"kubernetes.io/hostname"');
      });

      it(
        has('cronjob')
          ? 'batch mode: CronJobs replace the producer, one run at a time, within the Job deadline'
          : 'the producer runs as a Deployment (no CronJob)',
        () => {
          const cronJobs = find(objects(), 'CronJob');
          expect(find(objects(), 'Deployment').map((d) => d.metadata.name)).to.have.members([
            ...(has('cronjob') ? [] : ['safetyamp-producer']),
            'safetyamp-worker',
            'safetyamp-dashboard',
          ]);
          if (!has('cronjob')) {
            expect(cronJobs).to.have.length(0);
            expect(find(objects(), 'Deployment', 'safetyamp-producer')).to.have.length(1);
            return;
          }
          expect(
            find(objects(), 'Deployment', 'safetyamp-producer'),
            'no producer Deployment',
          ).to.have.length(0);
          const config = fleetConfig(objects());
          const byCommand = new Map(
            cronJobs.map((j) => [workloads([j])[0]?.pod.containers[0]?.args?.[0], j] as const),
          );
          expect([...byCommand.keys()]).to.have.members(['sync', 'reconcile']);
          for (const [command, job] of byCommand) {
            const spec = job.spec as {
              schedule: string;
              timeZone: string;
              concurrencyPolicy: string;
              successfulJobsHistoryLimit?: number;
              failedJobsHistoryLimit?: number;
              jobTemplate: { spec: { activeDeadlineSeconds?: number; backoffLimit?: number } };
            };
            const schedule =
              command === 'sync'
                ? config.SYNC_SCHEDULE
                : (config.RECONCILE_SCHEDULE ?? DEFAULTS.RECONCILE_SCHEDULE);
            expect(spec.schedule, `${command}: the configured schedule`).to.equal(schedule);
            expect(spec.timeZone).to.equal(config.SYNC_TIMEZONE).and.equal('America/Chicago');
            expect(spec.concurrencyPolicy).to.equal('Forbid');
            expect(spec.successfulJobsHistoryLimit).to.be.a('number');
            expect(spec.failedJobsHistoryLimit).to.be.a('number');
            expect(spec.jobTemplate.spec.backoffLimit).to.be.a('number');
            expect(spec.jobTemplate.spec.activeDeadlineSeconds).to.be.a('number');
          }
          const sync = byCommand.get('sync') as K8sObject;
          const args = workloads([sync])[0]?.pod.containers[0]?.args ?? [];
          expect(args.slice(0, 3)).to.deep.equal(['sync', '--wait', '--inline']);
          const maxDuration = args[args.indexOf('--max-duration') + 1];
          expect(args, 'sync bounds its run').to.include('--max-duration');
          const deadline = (sync.spec as { jobTemplate: { spec: { activeDeadlineSeconds: number } } })
            .jobTemplate.spec.activeDeadlineSeconds;
          expect(deadline).to.be.at.least(
            parseDurationSeconds(maxDuration as string) + CRONJOB_HEADROOM_SECONDS,
          );
        },
      );

      if (variant.overlay === 'dev') {
        it('the generated Secret is the only Secret and holds exactly the example env file keys', () => {
          const secrets = find(objects(), 'Secret');
          expect(secrets).to.have.length(1);
          expect(Object.keys(fleetSecret(objects()))).to.have.members([...devSecretsFromExample().keys()]);
          const redis = workloads(objects()).find((w) => w.object.metadata.name === 'redis') as Workload;
          const mounted = (redis.pod.volumes ?? []).flatMap((v) => v.secret?.items?.map((i) => i.key) ?? []);
          expect(mounted, 'Redis mounts only its password').to.deep.equal(['REDIS_PASSWORD']);
          const conf = find(objects(), 'ConfigMap', 'redis')[0]?.data?.['redis.conf'];
          expect(conf)
            .to.match(/^maxmemory-policy noeviction$/m)
            .and.match(/^appendonly yes$/m);
          const claim = JSON.stringify(find(objects(), 'StatefulSet', 'redis')[0]?.spec);
          expect(claim, 'AOF on a PersistentVolumeClaim').to.contain('"volumeClaimTemplates"');
        });
      } else {
        it('no Secret is rendered: the ExternalSecret writes it from Azure Key Vault', () => {
          expect(find(objects(), 'Secret')).to.have.length(0);
          const store = find(objects(), 'SecretStore')[0];
          expect(JSON.stringify(store?.spec)).to.contain('"azurekv"');
          const external = find(objects(), 'ExternalSecret')[0];
          const storeRef = (external?.spec as { secretStoreRef: { name: string } }).secretStoreRef;
          expect(storeRef.name).to.equal(store?.metadata.name);
        });
      }
    });
  }
});
