import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { freePort } from '../../apps/cli/demo/redis-for-demo.js';
import { runProjectScript } from './run-script.js';

/** A registry whose bulk advisory endpoint answers as told; real npm talks to it over HTTP. */
class AdvisoryRegistry {
  /** The packages npm asked about in the last audit. */
  asked: string[] = [];
  private constructor(
    private readonly server: Server,
    private answer: { status: number; advisories?: object },
  ) {}

  static async start(): Promise<AdvisoryRegistry> {
    const server = createServer();
    const registry = new AdvisoryRegistry(server, { status: 200, advisories: {} });
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.method === 'POST' && request.url === '/-/npm/v1/security/advisories/bulk') {
          const body = Buffer.concat(chunks);
          const json = request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
          registry.asked = Object.keys(JSON.parse(json.toString()));
          response.writeHead(registry.answer.status, { 'content-type': 'application/json' });
          response.end(registry.answer.status === 200 ? JSON.stringify(registry.answer.advisories) : '');
        } else {
          response.writeHead(404).end('{}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return registry;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  answers(status: number, advisories?: object): void {
    this.answer = { status, advisories };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const advisory = (severity: string) => ({
  id: 9001,
  url: 'https://example.com/advisories/9001',
  title: `A ${severity} test advisory`,
  severity,
  vulnerable_versions: '<1000.0.0',
  cwe: [],
  cvss: { score: 0, vectorString: null },
});

describe('scripts/audit-dependencies.mjs (real npm audit)', function () {
  this.timeout(120_000);
  let registry: AdvisoryRegistry;
  let npmCache = '';
  before(async () => {
    registry = await AdvisoryRegistry.start();
  });
  after(async () => {
    await registry.close();
  });
  // npm caches advisory answers; each test gets its own cache so that it sees its registry's answer.
  beforeEach(async () => {
    npmCache = await mkdtemp(join(tmpdir(), 'npm-cache-'));
  });
  afterEach(async () => {
    await rm(npmCache, { recursive: true, force: true });
  });

  const auditWith = (registryUrl: string, cwd?: string) =>
    runProjectScript('audit-dependencies.mjs', [], {
      cwd,
      env: { ...process.env, npm_config_registry: registryUrl, npm_config_cache: npmCache },
    });

  it('fails on a high advisory in a production dependency, naming it', async () => {
    registry.answers(200, { zod: [advisory('high')] });

    const result = await auditWith(registry.url);

    expect(result.stderr).to.contain('audit: high zod');
    expect(result.stderr).to.contain('A high test advisory');
    expect(result.stderr).to.contain('audit: FAILED');
    expect(result.status).to.equal(1);
  });

  it('asks about production dependencies only', async () => {
    registry.answers(200, {});

    await auditWith(registry.url);

    expect(registry.asked).to.include('bullmq');
    expect(registry.asked).to.not.include('mocha');
  });

  it('passes with advisories below high, counting them', async () => {
    registry.answers(200, { zod: [advisory('moderate')] });

    const result = await auditWith(registry.url);

    expect(result.stdout).to.contain('audit: no high or critical advisories in production dependencies');
    expect(result.stdout).to.contain('1 moderate');
    expect(result.status).to.equal(0);
  });

  it('says loudly that no audit ran when the endpoint refuses, and lets CI go on', async () => {
    registry.answers(405);

    const result = await auditWith(registry.url);

    expect(result.stderr).to.match(/^audit: NOT RUN: .*405 Method Not Allowed.*NOT checked/m);
    expect(result.status).to.equal(0);
  });

  it('says loudly that no audit ran when nothing answers at the registry', async () => {
    const result = await auditWith(`http://127.0.0.1:${await freePort()}/`);

    expect(result.stderr).to.match(/^audit: NOT RUN: .*ECONNREFUSED/m);
    expect(result.status).to.equal(0);
  });

  it('fails when npm cannot audit the project itself (no lockfile)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'audit-'));
    try {
      await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'no-lockfile', version: '1.0.0' }));

      const result = await auditWith(registry.url, dir);

      expect(result.stderr).to.contain(
        'audit: FAILED: npm audit could not run (This command requires an existing lockfile.)',
      );
      expect(result.status).to.equal(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
