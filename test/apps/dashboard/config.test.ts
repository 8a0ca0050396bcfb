import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { authConfigFrom, parseDashboardUsers } from '../../../apps/dashboard/auth-config.js';
import { hashPassword, isPasswordHash, verifyPassword } from '../../../apps/dashboard/passwords.js';
import { ConfigurationError, loadConfig } from '../../../libs/platform/config.js';

const SECRET = 'x'.repeat(40);

describe('dashboard: passwords and auth configuration', function () {
  let hash: string;

  before(async () => {
    hash = await hashPassword('correct horse');
  });

  it('hashes with scrypt and a random salt, and verifies only the right password', async () => {
    expect(hash).to.match(/^scrypt\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(isPasswordHash(hash)).to.equal(true);
    expect(await hashPassword('correct horse')).not.to.equal(hash);
    expect(await verifyPassword('correct horse', hash)).to.equal(true);
    expect(await verifyPassword('correct horse ', hash)).to.equal(false);
    expect(await verifyPassword('correct horse', 'scrypt$AAAA$AAAA')).to.equal(false);
    expect(await verifyPassword('correct horse', 'plain-text')).to.equal(false);
  });

  it('reads DASHBOARD_USERS entries and refuses bad ones without echoing a hash', () => {
    const users = parseDashboardUsers(`ann:operator:${hash}, bob:viewer:${hash}`);
    expect(users.map((u) => [u.name, u.role])).to.deep.equal([
      ['ann', 'operator'],
      ['bob', 'viewer'],
    ]);
    for (const bad of [
      `ann:admin:${hash}`,
      'ann:operator:secret',
      `ann:viewer:${hash},ann:operator:${hash}`,
    ]) {
      let error: unknown;
      try {
        parseDashboardUsers(bad);
      } catch (err) {
        error = err;
      }
      expect(error, bad).to.be.instanceOf(ConfigurationError);
      expect((error as Error).message).to.contain('DASHBOARD_USERS');
      expect((error as Error).message).not.to.contain(hash);
      expect((error as Error).message).not.to.contain('secret');
    }
  });

  it('builds the auth configuration from the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dash-config-'));
    try {
      writeFileSync(join(dir, 'token'), 'from-a-file\n');
      const env = {
        DASHBOARD_USERS: `ann:operator:${hash}`,
        DASHBOARD_SESSION_SECRET: SECRET,
        DASHBOARD_SECURE_COOKIES: 'false',
        DASHBOARD_METRICS_TOKEN_FILE: join(dir, 'token'),
      };
      const { dashboard } = loadConfig(['dashboard'], env);
      const auth = authConfigFrom(dashboard);
      expect(auth).to.deep.include({
        sessionSecret: SECRET,
        secureCookies: false,
        metricsToken: 'from-a-file',
      });
      expect(auth.trustProxy).to.equal('loopback, uniquelocal');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('wants users or a proxy, and an explicit trusted proxy with the proxy header', () => {
    const base = { DASHBOARD_SESSION_SECRET: SECRET };
    const build = (extra: Record<string, string>) => {
      const env = { ...base, ...extra };
      return authConfigFrom(loadConfig(['dashboard'], env).dashboard);
    };
    expect(() => build({})).to.throw(ConfigurationError, /DASHBOARD_USERS/);
    expect(() => build({ DASHBOARD_AUTH_PROXY_HEADER: 'X-User' })).to.throw(
      ConfigurationError,
      /DASHBOARD_TRUST_PROXY/,
    );
    const viaProxy = build({ DASHBOARD_AUTH_PROXY_HEADER: 'X-User', DASHBOARD_TRUST_PROXY: '10.0.0.0/8' });
    expect(viaProxy).to.deep.include({ proxyHeader: 'X-User', trustProxy: '10.0.0.0/8', users: [] });
  });

  it('prints a verifiable hash from `fleet hash-password`, reading the password from standard input', async () => {
    const out = execFileSync(process.execPath, ['bin/fleet.js', 'hash-password'], {
      input: 'from stdin\n',
      encoding: 'utf8',
    });
    const printed = out.trim();
    expect(isPasswordHash(printed)).to.equal(true);
    expect(await verifyPassword('from stdin', printed)).to.equal(true);
  });
});
