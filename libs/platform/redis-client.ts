import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { ConfigOf } from './config.js';

/** What the fleet holds as "its Redis": one server, or a client of a whole Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** Where the fleet's Redis is and how to reach it: REDIS_URL, REDIS_CLUSTER, REDIS_TLS_CA_FILE. */
export interface RedisTarget {
  url: string;
  /** REDIS_URL names one seed node of a Redis Cluster. */
  cluster?: boolean;
  /** PEM CA certificate(s) the server's certificate must chain to (`rediss://` only); absent: Node's CAs. */
  tlsCa?: string;
}

export function redisTargetFrom(redis: ConfigOf<'redis'>): RedisTarget {
  return { url: redis.REDIS_URL, cluster: redis.REDIS_CLUSTER, tlsCa: redis.REDIS_TLS_CA_FILE?.pem };
}

/**
 * Connection options of one server; on a cluster they apply to the connection to each node, except
 * `enableReadyCheck`, `lazyConnect` and `enableOfflineQueue`, which are the cluster client's.
 */
export type NodeOptions = Pick<
  RedisOptions,
  | 'maxRetriesPerRequest'
  | 'connectTimeout'
  | 'connectionName'
  | 'enableReadyCheck'
  | 'lazyConnect'
  | 'enableOfflineQueue'
>;

/**
 * Opens a client of `target`: a Redis, or a Cluster seeded with the URL's node whose connection to every node
 * carries the URL's credentials and TLS settings (BullMQ reads `redisOptions`, e.g. `maxRetriesPerRequest: null`
 * for its blocking connections).
 */
export function openRedisClient(target: RedisTarget, options: NodeOptions): RedisClient {
  const tls = tlsOptions(target);
  if (!target.cluster) return new Redis(target.url, { ...options, ...(tls ? { tls } : {}) });
  const url = new URL(target.url);
  const { enableReadyCheck, lazyConnect, enableOfflineQueue, ...nodeOptions } = options;
  return new Cluster([{ host: hostOf(url), port: Number(url.port || 6379) }], {
    enableReadyCheck,
    lazyConnect,
    enableOfflineQueue,
    // A slow node (a busy machine, a failover) should not make the client drop its slot map every second.
    slotsRefreshTimeout: 5_000,
    redisOptions: {
      ...nodeOptions,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(tls ? { tls } : {}),
    },
  });
}

/**
 * TLS for `rediss://`, with the configured CA when there is one; certificates are always verified, names too. A
 * cluster's nodes are reached at the addresses the cluster announces (IPs on managed services such as Azure Cache
 * for Redis, whose every node presents the certificate of the service's name): when the seed is a host name, every
 * node's certificate is checked against that name; when it is an IP, each node's against its own address.
 */
function tlsOptions(target: RedisTarget): ConnectionOptions | undefined {
  const url = new URL(target.url);
  if (url.protocol !== 'rediss:') return undefined;
  const host = hostOf(url);
  return {
    ...(target.tlsCa ? { ca: target.tlsCa } : {}),
    ...(target.cluster && isIP(host) === 0 ? { servername: host } : {}),
  };
}

/** The URL's host without the brackets of an IPv6 literal. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** The servers holding the fleet's data: the one Redis, or every master of a cluster (only once it is ready). */
export function dataNodes(client: RedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}

/**
 * Resolves once the client is ready: a cluster client then knows its masters, and one without an offline queue
 * accepts commands. Bound the wait yourself (it waits as long as the client keeps reconnecting).
 */
export async function untilReady(client: RedisClient): Promise<void> {
  if (client.status === 'wait') await client.connect();
  if (client.status === 'ready') return;
  await new Promise<void>((resolve) => client.once('ready', () => resolve()));
}

/** Deletes every key that starts with `keyPrefix` (demo set-up, tests), on every server holding data. */
export async function deleteKeysWithPrefix(client: RedisClient, keyPrefix: string): Promise<void> {
  if (client instanceof Cluster) await untilReady(client); // to know its masters
  for (const node of dataNodes(client)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${escapeGlob(keyPrefix)}:*`, 'COUNT', 1_000);
      cursor = next;
      // One key at a time stays legal whatever slots the keys are in.
      if (keys.length) await Promise.all(keys.map((key) => node.unlink(key)));
    } while (cursor !== '0');
  }
}

/** The fleet's prefix holds `{` `}`, which are plain characters in a SCAN pattern anyway; `[`, `*`, `?` are not. */
function escapeGlob(text: string): string {
  return text.replace(/[[\]*?\\]/g, '\\$&');
}
