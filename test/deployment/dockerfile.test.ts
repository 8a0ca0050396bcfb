import { expect } from 'chai';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { copies, last, parseDockerfile, runs, type Stage } from './dockerfile.js';
import { staticImportGraph } from './import-graph.js';
import { ROOT } from './render.js';

/**
 * The image, checked without a Docker engine: the Dockerfile's stages and copies, the build context filter, and the
 * modules the deployable commands load, which must all be in the runtime stage and none of which may be a
 * simulator, the demo or a dev dependency.
 */

const DISTROLESS = 'gcr.io/distroless/nodejs20-debian12:nonroot';
/** What the image runs: the manifests' commands and `hash-password` for DASHBOARD_USERS. */
const IMAGE_COMMANDS = ['producer', 'worker', 'dashboard', 'sync', 'reconcile', 'hash-password'];
const DEMO_ONLY = ['better-sqlite3', 'selfsigned', 'tsx'];

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const stages = parseDockerfile(readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8'));
const runtime = stages.at(-1) as Stage;

function stageNamed(name: string | undefined): Stage {
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new Error(`no stage named ${String(name)}`);
  return stage;
}

/** The fleet command's subcommands and the module each one loads (apps/cli/command-registry.ts), from the root. */
function commandModules(): Map<string, string> {
  const source = readFileSync(join(ROOT, 'apps/cli/command-registry.ts'), 'utf8');
  const modules = new Map<string, string>();
  for (const m of source.matchAll(
    /(?:'([\w-]+)'|(\w+)):\s*\{[^{}]*?load:\s*\(\)\s*=>\s*import\('([^']+)'\)/g,
  )) {
    modules.set((m[1] ?? m[2]) as string, join('apps/cli', m[3] as string).replace(/\.js$/, '.ts'));
  }
  return modules;
}

function imageGraph() {
  const modules = commandModules();
  const entries = IMAGE_COMMANDS.map((c) => {
    const module = modules.get(c);
    if (!module) throw new Error(`apps/cli/command-registry.ts has no command ${c}`);
    return module;
  });
  return staticImportGraph(ROOT, ['apps/cli/main.ts', 'apps/cli/command-registry.ts', ...entries]);
}

/** Paths of the build stage (`/app/...`) the runtime stage copies, relative to /app. */
function copiedFromBuild(): { source: string; destination: string }[] {
  return copies(runtime)
    .filter((c) => c.from === 'build')
    .flatMap((c) =>
      c.sources.map((s) => ({ source: s.replace(/^\/app\//, ''), destination: c.destination })),
    );
}

describe('container image (docker/Dockerfile, static checks; no Docker engine here)', () => {
  it('builds in Node 20 stages and runs on distroless Node 20 as a non-root user, without a shell', () => {
    expect(stages.length).to.be.at.least(2);
    expect(runtime.base).to.equal(DISTROLESS);
    for (const stage of stages.slice(0, -1)) {
      // Native modules built there must match the runtime's Node ABI.
      expect(stage.base, stage.name).to.match(/^node:20[.-]/);
    }
    const user = last(runtime, 'USER') ?? 'nonroot';
    expect(user === 'nonroot' || /^[1-9]\d*(:\d+)?$/.test(user), `USER ${user}`).to.equal(true);
    expect(runs(runtime), 'distroless has no shell to RUN with').to.deep.equal([]);
    const entrypoint = JSON.parse(last(runtime, 'ENTRYPOINT') ?? 'null') as string[];
    expect(entrypoint, 'exec form with distroless node').to.deep.equal([
      '/nodejs/bin/node',
      'dist/apps/cli/main.js',
    ]);
    const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as {
      include: string[];
    };
    expect(build.include).to.include.members(['apps', 'libs']);
  });

  it('every COPY source exists, and compiled code and its run-time files land under dist/ as in the sources', () => {
    const contextSources = stages.flatMap((s) => copies(s).filter((c) => !c.from)).flatMap((c) => c.sources);
    expect(contextSources.length).to.be.greaterThan(3);
    for (const source of contextSources) expect(existsSync(join(ROOT, source)), source).to.equal(true);
    for (const { source, destination } of copiedFromBuild()) {
      if (source.startsWith('dist/')) {
        expect(existsSync(join(ROOT, source.slice('dist/'.length))), source).to.equal(true);
        expect(destination, source).to.equal(`./${source}`);
      } else if (source.startsWith('apps/') || source.startsWith('libs/')) {
        expect(existsSync(join(ROOT, source)), source).to.equal(true);
        expect(destination, `${source} next to its compiled code`).to.equal(`./dist/${source}`);
      }
    }
  });

  it('the runtime stage takes production dependencies only', () => {
    const nodeModules = copies(runtime).filter((c) => c.sources.some((s) => s.endsWith('/node_modules')));
    expect(nodeModules).to.have.length(1);
    const dependencies = stageNamed(nodeModules[0]?.from);
    const install = runs(dependencies).join(' && ');
    expect(install).to.match(/npm ci\b[^&]*--omit=dev/);
    // npm keeps a dev dependency that is also reachable as someone's optional dependency (typescript, valibot's
    // optional peer) under --omit=dev: the stage must remove each one.
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { devOptional?: boolean }>;
    };
    const kept = Object.keys(pkg.devDependencies).filter(
      (name) => lock.packages[`node_modules/${name}`]?.devOptional,
    );
    for (const name of kept)
      expect(install, `removes ${name}`).to.match(new RegExp(`rm -rf [^&]*node_modules/${name}\\b`));
    for (const name of DEMO_ONLY) {
      expect(pkg.devDependencies, `${name} is a dev dependency`).to.have.property(name);
      expect(pkg.dependencies).not.to.have.property(name);
    }
  });

  it('no simulator, demo, test or dev tool is copied into the runtime stage', () => {
    const sources = copies(runtime).flatMap((c) => c.sources);
    expect(sources.length).to.be.greaterThan(3);
    for (const source of sources) {
      expect(source).not.to.match(
        /simulators|demo|(^|\/)(test|bench|bin)(\/|$)|tsx|better-sqlite3|selfsigned/,
      );
    }
    const copiedApps = copiedFromBuild()
      .map((c) => /^dist\/apps\/([^/]+)$/.exec(c.source)?.[1])
      .filter((a): a is string => a !== undefined);
    expect(copiedApps).to.include.members(['cli', 'dashboard']);
    expect(copiedApps).not.to.include.members(['simulators']);
    expect(copiedApps).not.to.include.members(['demo']);
  });

  it('the commands the image runs load no simulator, no demo and no dev dependency, only what it holds', () => {
    const graph = imageGraph();
    expect(graph.files.size).to.be.greaterThan(20);
    for (const file of graph.files)
      expect(file).not.to.match(/^apps\/(simulators\/|cli\/demo\/|cli\/commands\/(demo|simulate)\.ts$)/);
    for (const name of graph.packages) {
      expect(pkg.dependencies, `${name} is loaded at run time`).to.have.property(name);
    }
    expect([...graph.packages]).to.include.members(['bullmq', 'ioredis', 'express']);
    const copied = copiedFromBuild().map((c) => c.source);
    for (const file of graph.files) {
      const compiled = `dist/${file.replace(/\.ts$/, '.js')}`;
      expect(
        copied.some((c) => compiled.startsWith(`${c}/`)),
        `${compiled} is in the image`,
      ).to.equal(true);
    }
  });

  it('files read at run time beside the code the image runs (the Lua scripts) are copied next to it', () => {
    const dirs = new Set([...imageGraph().files].map((f) => f.slice(0, f.lastIndexOf('/'))));
    for (const dir of [...dirs]) {
      for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
        if (entry.isDirectory()) dirs.add(`${dir}/${entry.name}`);
      }
    }
    const copied = copiedFromBuild().map((c) => c.source);
    let found = 0;
    for (const dir of dirs) {
      const assets = readdirSync(join(ROOT, dir), { withFileTypes: true })
        .filter((e) => e.isFile() && !e.name.endsWith('.ts') && !e.name.endsWith('.md'))
        .map((e) => e.name);
      if (!assets.length) continue;
      found += assets.length;
      expect(copied, `${dir} (${assets.join(', ')})`).to.include(dir);
    }
    expect(found, 'libs/safetyamp/lua').to.be.greaterThan(0);
  });

  it('the build context filter at the root lets in only what the Dockerfile copies, never secrets', () => {
    expect(
      existsSync(join(ROOT, 'docker/Dockerfile.dockerignore')),
      'one filter, read by every builder',
    ).to.equal(false);
    const lines = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(lines[0], 'everything is excluded first').to.equal('*');
    const allowed = lines.filter((l) => l.startsWith('!')).map((l) => l.slice(1));
    const contextSources = stages.flatMap((s) => copies(s).filter((c) => !c.from)).flatMap((c) => c.sources);
    expect(allowed).to.have.members([...new Set(contextSources)]);
    expect(lines).to.include.members(['**/*.env', '**/.env*']);
  });
});
