import { expect } from 'chai';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { KNOWN_VARIABLES } from '../../libs/platform/config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const FLEET_COMMANDS = ['producer', 'worker', 'dashboard', 'sync', 'reconcile'];

interface Container {
  image: string;
  args?: string[];
  env?: { name: string; value?: string }[];
}
type Manifest = {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
};

function manifests(): Manifest[] {
  return readdirSync(`${root}k8s`)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((f) =>
      parseAllDocuments(readFileSync(`${root}k8s/${f}`, 'utf8')).map((d) => d.toJS() as Manifest),
    );
}

function containers(m: Manifest): Container[] {
  const template = (m.spec as { template?: { spec: { containers: Container[] } } } | undefined)?.template;
  return template?.spec.containers ?? [];
}

describe('deployment files (static checks; no Docker engine or cluster here)', () => {
  it('the Dockerfile copies only paths that exist and runs the compiled fleet command', () => {
    const dockerfile = readFileSync(`${root}docker/Dockerfile`, 'utf8');
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
      (m[1] ?? '').split(/\s+/),
    );
    expect(sources.length).to.be.greaterThan(3);
    for (const source of sources) expect(existsSync(`${root}${source}`), source).to.equal(true);
    const fromBuild = [...dockerfile.matchAll(/^COPY --from=build \/app\/(\S+) /gm)].map((m) => m[1] ?? '');
    for (const path of fromBuild.filter((p) => p.startsWith('libs/') || p.startsWith('apps/')))
      expect(existsSync(`${root}${path}`), path).to.equal(true);
    expect(dockerfile).to.match(/ENTRYPOINT \["node", "dist\/apps\/cli\/main\.js"\]/);
    const build = JSON.parse(readFileSync(`${root}tsconfig.build.json`, 'utf8')) as { include: string[] };
    expect(build.include).to.include.members(['apps', 'libs']);
  });

  it('every container runs a fleet command and sets only variables the fleet reads', () => {
    const deployments = manifests().filter((m) => m.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name)).to.have.members([
      'safetyamp-producer',
      'safetyamp-worker',
      'safetyamp-dashboard',
    ]);
    for (const deployment of deployments) {
      for (const container of containers(deployment)) {
        expect(FLEET_COMMANDS, deployment.metadata.name).to.include(container.args?.[0]);
        for (const { name } of container.env ?? []) {
          if (name === 'NODE_OPTIONS') continue;
          const variable = name.endsWith('_FILE') ? name.slice(0, -'_FILE'.length) : name;
          expect(KNOWN_VARIABLES.has(variable), `${deployment.metadata.name}: ${name}`).to.equal(true);
        }
      }
    }
  });

  it('the ConfigMap and Secret hold only variables the fleet reads', () => {
    for (const m of manifests().filter((x) => x.kind === 'ConfigMap' || x.kind === 'Secret')) {
      const keys = Object.keys(m.data ?? (m as { stringData?: Record<string, string> }).stringData ?? {});
      expect(keys.length).to.be.greaterThan(0);
      for (const key of keys) expect(KNOWN_VARIABLES.has(key), `${m.kind}: ${key}`).to.equal(true);
    }
  });

  it('the worker HPA scales on the drain-time metric the dashboard exports', () => {
    const hpa = manifests().find((m) => m.kind === 'HorizontalPodAutoscaler');
    const metric = JSON.stringify(hpa?.spec);
    expect(metric).to.contain('safetyamp_backlog_drain_seconds');
    const dashboardMetrics = readFileSync(`${root}apps/dashboard/fleet-metrics.ts`, 'utf8');
    expect(dashboardMetrics).to.contain("'safetyamp_backlog_drain_seconds'");
  });
});
