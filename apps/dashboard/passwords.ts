import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/*
 * Dashboard passwords: scrypt (N=2^14, r=8, p=1: node's defaults, ~16 MiB and tens of milliseconds per check)
 * with a random 16-byte salt, stored as `scrypt$<salt b64>$<hash b64>`.
 */
const KEY_LENGTH = 64;
const SALT_BYTES = 16;
const PARAMS: ScryptOptions = { N: 16_384, r: 8, p: 1 };

function derive(plain: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(plain.normalize('NFKC'), salt, KEY_LENGTH, PARAMS, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** Hashes a password for DASHBOARD_USERS. */
export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(plain, salt);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** True when `stored` has the scrypt format above. */
export function isPasswordHash(stored: string): boolean {
  return /^scrypt\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/.test(stored);
}

/** Checks a password against a stored hash in constant time; a malformed hash never matches. */
export async function verifyPassword(plain: string, stored: string): Promise<boolean> {
  if (!isPasswordHash(stored)) return false;
  const [, saltB64, hashB64] = stored.split('$') as [string, string, string];
  const expected = Buffer.from(hashB64, 'base64');
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await derive(plain, Buffer.from(saltB64, 'base64'));
  return timingSafeEqual(actual, expected);
}

let decoy: Promise<string> | undefined;

/**
 * Spends the same work as a real check for a user name that does not exist, so that the answer time does not
 * tell which names exist. Always false.
 */
export async function verifyAgainstDecoy(plain: string): Promise<false> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(plain, await decoy);
  return false;
}
