import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { createLogger } from '../../../libs/platform/logger.js';
import { RedisPreflightError, redisPreflight } from '../../../libs/platform/redis-preflight.js';
import { RedisConnections } from '../../../libs/queue/connections.js';
import { openRedisClient, type RedisTarget } from '../../../libs/platform/redis-client.js';
import {
  makeTestCertificates,
  startTlsRedis,
  type TestCertificates,
  type TestRedis,
} from '../../support/redis-servers.js';

/** OpenSSL's verdicts on a chain that ends at a CA not trusted (Redis sends its CA along, hence "in chain"). */
const UNTRUSTED = [
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
];

/** Connects once (no retry): 'connected', or the code of the error that refused the connection. */
async function connectOnce(target: RedisTarget): Promise<string> {
  const client = openRedisClient(target, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 5_000,
  });
  let refusal: NodeJS.ErrnoException | undefined;
  client.on('error', (err: NodeJS.ErrnoException) => (refusal ??= err));
  try {
    await client.connect();
    return (await client.ping()) === 'PONG' ? 'connected' : 'no answer';
  } catch (err) {
    const cause = refusal ?? (err as NodeJS.ErrnoException);
    return cause.code ?? cause.message;
  } finally {
    client.disconnect();
  }
}

describe('Redis over TLS (redis-server with a test CA, started by the test)', function () {
  this.timeout(60_000);
  let certs: TestCertificates & { remove(): Promise<void> };
  let server: TestRedis;
  let port: string;

  before(async () => {
    certs = await makeTestCertificates();
    server = await startTlsRedis(certs);
    port = new URL(server.target.url).port;
  });
  after(async () => {
    await server?.stop();
    await certs?.remove();
  });

  it('connects with rediss:// and the configured CA', async () => {
    expect(await connectOnce(server.target)).to.equal('connected');
  });

  it('refuses a server whose certificate chains to another CA, or to none Node trusts', async () => {
    const otherCa = await readFile(certs.otherCaFile, 'utf8');
    expect(await connectOnce({ url: server.target.url, tlsCa: otherCa })).to.be.oneOf(UNTRUSTED);
    expect(await connectOnce({ url: server.target.url })).to.be.oneOf(UNTRUSTED);
  });

  it('the preflight says why it cannot reach a Redis whose certificate it does not trust', async () => {
    const target = { url: server.target.url, tlsCa: await readFile(certs.otherCaFile, 'utf8') };
    const logger = createLogger('redis-tls-test');
    const connections = new RedisConnections({ ...target, failFast: true }, logger);
    try {
      let refused: unknown;
      await redisPreflight(
        connections.commands,
        { allowEviction: false, url: target.url, timeoutMs: 2_000 },
        logger,
      ).catch((err: unknown) => (refused = err));
      expect(refused).to.be.instanceOf(RedisPreflightError);
      expect((refused as Error).message).to.equal(
        `cannot reach Redis at ${target.url}: SELF_SIGNED_CERT_IN_CHAIN`,
      );
    } finally {
      await connections.close();
    }
  });

  it('checks the server name: the certificate is for localhost, so 127.0.0.1 is refused', async () => {
    expect(await connectOnce({ ...server.target, url: `rediss://127.0.0.1:${port}` })).to.equal(
      'ERR_TLS_CERT_ALTNAME_INVALID',
    );
  });
});
