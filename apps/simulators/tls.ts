import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** A private certificate authority and a server certificate it signed for 127.0.0.1 and localhost. */
export interface SimulatorTls {
  /** The CA certificate (PEM): what a client must trust. */
  caPem: string;
  /** The CA certificate written to a fresh temporary file, for `NODE_EXTRA_CA_CERTS`. */
  caFile: string;
  /** Server private key and certificate (PEM), for `https.createServer({ key, cert })`. */
  key: string;
  cert: string;
  /** Deletes the temporary CA file (when the simulator closes). */
  remove(): Promise<void>;
}

/**
 * Generates a throw-away CA and a server certificate signed by it. A client trusts the simulator by trusting
 * the CA alone (the server certificate is not self-signed, so Node verifies it as it would a real service's).
 */
export async function createSimulatorTls(name: string): Promise<SimulatorTls> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 7 * 24 * 3600_000);
  const ca = await generate([{ name: 'commonName', value: `${name} simulator CA` }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  const dir = await mkdtemp(join(tmpdir(), `${name}-simulator-`));
  const caFile = join(dir, 'ca.pem');
  await writeFile(caFile, ca.cert, { mode: 0o644 });
  return {
    caPem: ca.cert,
    caFile,
    key: server.private,
    cert: server.cert,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
