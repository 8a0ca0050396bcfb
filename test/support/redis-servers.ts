/**
 * Real Redis servers a test starts for itself and always stops: a Redis Cluster of loopback `redis-server`s
 * (`redis-cli --cluster create`), a Redis serving TLS only, and the test CA they use (openssl, made at run time in
 * a temporary directory, never committed). Every server keeps nothing on disk but its cluster config file.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { RedisTarget } from '../../libs/platform/redis-client.js';

const run = promisify(execFile);

/** The files of a test CA and of one server certificate it signed (for `localhost` only, not for 127.0.0.1). */
export interface TestCertificates {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  /** A CA that signed nothing here: trusting only it must fail. */
  otherCaFile: string;
}

/** A running Redis (or cluster) and how the fleet reaches it. */
export interface TestRedis {
  target: RedisTarget;
  /** The fleet's variables for it: REDIS_URL, REDIS_CLUSTER, REDIS_TLS_CA_FILE. */
  env: Record<string, string>;
  /** Node address (`127.0.0.1:port`) of every server. */
  nodes: string[];
  stop(): Promise<void>;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A CA and a server certificate for DNS name `localhost`, in a new temporary directory (`remove()` deletes it). */
export async function makeTestCertificates(): Promise<TestCertificates & { remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'redis-tls-'));
  const file = (name: string): string => join(dir, name);
  try {
    const ca = async (name: string, subject: string): Promise<void> => {
      await run('openssl', [
        'req',
        '-x509',
        ...EC_KEY,
        '-keyout',
        file(`${name}.key`),
        '-out',
        file(`${name}.crt`),
        '-days',
        '2',
        '-subj',
        subject,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ]);
    };
    await ca('ca', '/CN=safetyamp-sync test CA');
    await ca('other-ca', '/CN=some other CA');
    await run('openssl', [
      'req',
      '-new',
      ...EC_KEY,
      '-keyout',
      file('server.key'),
      '-out',
      file('server.csr'),
      '-subj',
      '/CN=localhost',
    ]);
    await writeFile(
      file('server.ext'),
      [
        'subjectAltName=DNS:localhost',
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature',
        // The cluster bus presents the same certificate as a client.
        'extendedKeyUsage=serverAuth,clientAuth',
      ].join('\n'),
    );
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      file('ca.crt'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      file('server.ext'),
      '-out',
      file('server.crt'),
    ]);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    dir,
    caFile: file('ca.crt'),
    certFile: file('server.crt'),
    keyFile: file('server.key'),
    otherCaFile: file('other-ca.crt'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * A plain Redis of the test's own on a loopback port (a free one unless given, so that a test can stop it and start
 * it again where its clients reconnect), started with `args` (e.g. `--maxmemory-policy allkeys-lru`).
 */
export async function startPlainRedis(
  options: { port?: number; args?: string[] } = {},
): Promise<TestRedis & { port: number }> {
  const port = options.port ?? (await freePorts(1))[0]!;
  const server = await RedisServer.start(['--port', String(port), ...(options.args ?? [])]);
  const url = `redis://127.0.0.1:${port}`;
  return {
    port,
    target: { url },
    env: { REDIS_URL: url, REDIS_CLUSTER: 'false' },
    nodes: [`127.0.0.1:${port}`],
    stop: () => server.stop(),
  };
}

/** A Redis serving TLS only, on a free loopback port; its URL names `localhost` (what its certificate carries). */
export async function startTlsRedis(certs: TestCertificates): Promise<TestRedis> {
  const [port] = await freePorts(1);
  const server = await RedisServer.start(['--port', '0', '--tls-port', String(port), ...tlsArgs(certs)]);
  const url = `rediss://localhost:${port}`;
  return {
    target: { url, tlsCa: await readFile(certs.caFile, 'utf8') },
    env: { REDIS_URL: url, REDIS_CLUSTER: 'false', REDIS_TLS_CA_FILE: certs.caFile },
    nodes: [`127.0.0.1:${port}`],
    stop: () => server.stop(),
  };
}

/**
 * A Redis Cluster of `masters` loopback servers with no replicas, every slot covered, `cluster_state:ok` on every
 * node. With `tls`, the servers (and the cluster bus) speak TLS only and the seed URL names `localhost`, while the
 * cluster announces 127.0.0.1: the client must check every node's certificate against the seed's name.
 */
export async function startRedisCluster(
  options: { masters?: number; tls?: TestCertificates } = {},
): Promise<TestRedis> {
  const masters = options.masters ?? 3;
  const ports = await freePorts(masters * 2);
  const dir = await mkdtemp(join(tmpdir(), 'redis-cluster-'));
  const servers: RedisServer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = ports[2 * i] as number;
      const busPort = ports[2 * i + 1] as number;
      const listen = options.tls
        ? ['--port', '0', '--tls-port', String(port), '--tls-cluster', 'yes', ...tlsArgs(options.tls)]
        : ['--port', String(port)];
      servers.push(
        await RedisServer.start([
          ...listen,
          '--cluster-enabled',
          'yes',
          '--cluster-port',
          String(busPort),
          '--cluster-config-file',
          join(dir, `nodes-${port}.conf`),
          '--cluster-node-timeout',
          '5000',
        ]),
      );
    }
    const nodes = ports.filter((_, i) => i % 2 === 0).map((port) => `127.0.0.1:${port}`);
    const tlsCli = options.tls ? ['--tls', '--cacert', options.tls.caFile] : [];
    try {
      await run('redis-cli', [
        ...tlsCli,
        '--cluster',
        'create',
        ...nodes,
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ]);
    } catch (err) {
      const { stdout, stderr } = err as { stdout?: string; stderr?: string };
      throw new Error(`redis-cli --cluster create failed:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: err });
    }
    await Promise.all(nodes.map((node) => clusterStateOk(node, options.tls)));
    const seedPort = ports[0] as number;
    const url = options.tls ? `rediss://localhost:${seedPort}` : `redis://127.0.0.1:${seedPort}`;
    return {
      target: {
        url,
        cluster: true,
        ...(options.tls ? { tlsCa: await readFile(options.tls.caFile, 'utf8') } : {}),
      },
      env: {
        REDIS_URL: url,
        REDIS_CLUSTER: 'true',
        ...(options.tls ? { REDIS_TLS_CA_FILE: options.tls.caFile } : {}),
      },
      nodes,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function tlsArgs(certs: TestCertificates): string[] {
  return [
    '--tls-cert-file',
    certs.certFile,
    '--tls-key-file',
    certs.keyFile,
    '--tls-ca-cert-file',
    certs.caFile,
    '--tls-auth-clients',
    'no',
  ];
}

/** Waits until the node says `cluster_state:ok` (nodes learn of each other's slots over the bus, a little later). */
async function clusterStateOk(node: string, tls: TestCertificates | undefined): Promise<void> {
  const [host, port] = node.split(':') as [string, string];
  const redis = new Redis(Number(port), host, {
    maxRetriesPerRequest: 1,
    ...(tls ? { tls: { ca: await readFile(tls.caFile, 'utf8'), servername: 'localhost' } } : {}),
  });
  try {
    for (let attempt = 0; attempt < 300; attempt++) {
      const info = (await redis.cluster('INFO')) as string;
      if (/^cluster_state:ok/m.test(info)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${node} never reached cluster_state:ok`);
  } finally {
    redis.disconnect();
  }
}

/** `count` distinct free loopback ports (held open together, so none is handed out twice). */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      servers.push(server);
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

/** One `redis-server` child: started until it says it accepts connections, killed when the test process exits. */
class RedisServer {
  private readonly killOnExit = (): void => void this.child.kill('SIGKILL');

  private constructor(private readonly child: ChildProcess) {
    process.once('exit', this.killOnExit);
  }

  /**
   * Starts `redis-server` with `args`, resolving once it accepts connections. The tail of its log is kept for the
   * error when it does not (and reading it keeps the pipe from filling).
   */
  static async start(args: string[]): Promise<RedisServer> {
    const child = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '-::1', '--save', '', '--appendonly', 'no', ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const server = new RedisServer(child);
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer): void => {
          output = (output + chunk.toString()).slice(-4_000);
          if (/Ready to accept connections/.test(output)) resolve();
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        child.once('error', reject);
        child.once('exit', (code, signal) =>
          reject(new Error(`redis-server exited (${signal ?? code}) before it accepted connections`)),
        );
      });
    } catch (err) {
      await server.stop();
      throw new Error(`${(err as Error).message}\n${output}`, { cause: err });
    }
    return server;
  }

  async stop(): Promise<void> {
    process.removeListener('exit', this.killOnExit);
    const running =
      this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null;
    if (!running) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
