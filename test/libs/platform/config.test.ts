import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failedJobRetentionDays } from '../../../libs/fleet/wiring/fleet-config.js';
import { ConfigurationError, loadConfig } from '../../../libs/platform/config.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigurationError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigurationError');
}

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(['redis', 'sync', 'safetyamp'], {
      SAFETYAMP_TOKEN: 't',
      SAFETYAMP_FQDN: 'acme.safetyamp.com',
    });
    expect(config.redis.REDIS_URL).to.equal('redis://127.0.0.1:6379');
    expect(config.sync.SYNC_TIMEZONE).to.equal('America/Chicago');
    expect(config.sync.SYNC_SCHEDULE).to.equal('* * * * *');
    expect(config.safetyamp.SAFETYAMP_RATE_LIMIT).to.deep.equal({ max: 60, windowMs: 61_000 });
  });

  it('parses rate limits in seconds and milliseconds', () => {
    const env = { SAFETYAMP_TOKEN: 't', SAFETYAMP_FQDN: 'f' };
    expect(
      loadConfig(['safetyamp'], { ...env, SAFETYAMP_RATE_LIMIT: '20/2s' }).safetyamp.SAFETYAMP_RATE_LIMIT,
    ).to.deep.equal({ max: 20, windowMs: 2000 });
    expect(
      loadConfig(['safetyamp'], { ...env, SAFETYAMP_RATE_LIMIT: '500/1000ms' }).safetyamp
        .SAFETYAMP_RATE_LIMIT,
    ).to.deep.equal({ max: 500, windowMs: 1000 });
  });

  it('names every missing or malformed variable', () => {
    const problems = problemsOf(() =>
      loadConfig(['vista', 'safetyamp', 'sync'], {
        VISTA_PORT: 'abc',
        SAFETYAMP_RATE_LIMIT: '60',
        SYNC_TIMEZONE: 'Mars/Olympus',
      }),
    );
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).to.include.members([
      'VISTA_SERVER',
      'VISTA_PORT',
      'SAFETYAMP_TOKEN',
      'SAFETYAMP_RATE_LIMIT',
      'SYNC_TIMEZONE',
    ]);
  });

  it('reads how long the Vista breaker stays open as a duration (30 s by default), naming a bad one', () => {
    const vista = { VISTA_SERVER: 's', VISTA_DATABASE: 'd', VISTA_USER: 'u', VISTA_PASSWORD: 'p' };
    expect(loadConfig(['vista'], vista).vista.VISTA_BREAKER_RESET).to.equal(30_000);
    expect(loadConfig(['vista'], { ...vista, VISTA_BREAKER_RESET: '2s' }).vista.VISTA_BREAKER_RESET).to.equal(
      2_000,
    );
    const problems = problemsOf(() => loadConfig(['vista'], { ...vista, VISTA_BREAKER_RESET: 'soon' }));
    expect(problems.map((p) => p.split(':')[0])).to.deep.equal(['VISTA_BREAKER_RESET']);
  });

  it('checks the run report settings: addresses, and what e-mailing the report needs', () => {
    const report = loadConfig(['report'], {
      REPORT_EMAIL_TO: 'ops@example.com, hr@example.com',
      REPORT_EMAIL_FROM: 'fleet@example.com',
      SMTP_HOST: 'smtp.example.com',
      DASHBOARD_URL: 'https://fleet.example.com/',
    }).report;
    expect(report.REPORT_EMAIL_TO).to.deep.equal(['ops@example.com', 'hr@example.com']);
    expect(report.SMTP_PORT).to.equal(587);
    expect(report.DASHBOARD_URL).to.equal('https://fleet.example.com');
    expect(loadConfig(['report'], {}).report.REPORT_WEBHOOK_URL).to.equal(undefined);
    expect(
      problemsOf(() => loadConfig(['report'], { REPORT_EMAIL_TO: 'ops@example.com, nobody' })),
    ).to.include('REPORT_EMAIL_TO: Invalid email address');
    expect(problemsOf(() => loadConfig(['report'], { REPORT_EMAIL_TO: 'ops@example.com' }))).to.deep.equal([
      'SMTP_HOST: is required to e-mail the run report (REPORT_EMAIL_TO is set)',
      'REPORT_EMAIL_FROM: is required to e-mail the run report (REPORT_EMAIL_TO is set)',
    ]);
    expect(problemsOf(() => loadConfig(['report'], { REPORT_WEBHOOK_URL: 'ftp://hooks' }))[0]).to.match(
      /^REPORT_WEBHOOK_URL: /,
    );
  });

  it('keeps history by age: 30 days by default, failed jobs as long as the history unless told otherwise', () => {
    const defaults = loadConfig(['sync', 'worker'], {});
    expect(defaults.sync.HISTORY_RETENTION_DAYS).to.equal(30);
    expect(failedJobRetentionDays(defaults)).to.equal(30);
    expect(failedJobRetentionDays(loadConfig(['sync', 'worker'], { HISTORY_RETENTION_DAYS: '90' }))).to.equal(
      90,
    );
    const own = loadConfig(['sync', 'worker'], {
      HISTORY_RETENTION_DAYS: '90',
      FAILED_JOB_RETENTION_DAYS: '7',
    });
    expect(failedJobRetentionDays(own)).to.equal(7);
  });

  it('reads secrets from <NAME>_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    try {
      writeFileSync(join(dir, 'token'), 'from-file\n');
      const config = loadConfig(['safetyamp'], {
        SAFETYAMP_TOKEN_FILE: join(dir, 'token'),
        SAFETYAMP_FQDN: 'f',
      });
      expect(config.safetyamp.SAFETYAMP_TOKEN).to.equal('from-file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("leaves other programs' *_FILE variables alone", () => {
    const config = loadConfig(['safetyamp'], {
      TF_CLI_CONFIG_FILE: '/nonexistent',
      SAFETYAMP_TOKEN: 't',
      SAFETYAMP_FQDN: 'f',
    });
    expect(config.safetyamp.SAFETYAMP_TOKEN).to.equal('t');
  });

  it('reports an unreadable secret file by its variable', () => {
    const problems = problemsOf(() =>
      loadConfig(['safetyamp'], { SAFETYAMP_TOKEN_FILE: '/nonexistent/token', SAFETYAMP_FQDN: 'f' }),
    );
    expect(problems.join('\n')).to.match(/SAFETYAMP_TOKEN_FILE: cannot read/);
  });

  it('rejects a session secret that is too short', () => {
    const problems = problemsOf(() => loadConfig(['dashboard'], { DASHBOARD_SESSION_SECRET: 'short' }));
    expect(problems[0]).to.match(/^DASHBOARD_SESSION_SECRET: /);
  });

  describe('Redis Cluster and TLS', () => {
    let dir: string;
    // The file's shape is all the configuration checks; TLS itself is tested against a real server.
    const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'cfg-redis-'));
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('defaults to one Redis and the CAs Node trusts', () => {
      const { redis } = loadConfig(['redis'], {});
      expect(redis.REDIS_CLUSTER).to.equal(false);
      expect(redis.REDIS_TLS_CA_FILE).to.equal(undefined);
    });

    it('reads the CA file at start, for a rediss:// URL', () => {
      writeFileSync(join(dir, 'ca.crt'), CERTIFICATE);
      const { redis } = loadConfig(['redis'], {
        REDIS_URL: 'rediss://redis.example.com:6380',
        REDIS_TLS_CA_FILE: join(dir, 'ca.crt'),
        REDIS_CLUSTER: 'true',
      });
      expect(redis.REDIS_CLUSTER).to.equal(true);
      expect(redis.REDIS_TLS_CA_FILE).to.deep.equal({ path: join(dir, 'ca.crt'), pem: CERTIFICATE });
    });

    it('stops on a CA file it cannot read, or that holds no certificate, naming the variable', () => {
      writeFileSync(join(dir, 'notes.txt'), 'not a certificate');
      const url = 'rediss://redis.example.com:6380';
      expect(
        problemsOf(() =>
          loadConfig(['redis'], { REDIS_URL: url, REDIS_TLS_CA_FILE: join(dir, 'missing.crt') }),
        ),
      ).to.deep.equal([`REDIS_TLS_CA_FILE: cannot read ${join(dir, 'missing.crt')} (ENOENT)`]);
      expect(
        problemsOf(() =>
          loadConfig(['redis'], { REDIS_URL: url, REDIS_TLS_CA_FILE: join(dir, 'notes.txt') }),
        ),
      ).to.deep.equal([`REDIS_TLS_CA_FILE: ${join(dir, 'notes.txt')} holds no PEM certificate`]);
    });

    it('refuses a CA for a plain redis:// URL, and a database number on a cluster', () => {
      writeFileSync(join(dir, 'ca.crt'), CERTIFICATE);
      expect(
        problemsOf(() =>
          loadConfig(['redis'], { REDIS_URL: 'redis://redis:6379', REDIS_TLS_CA_FILE: join(dir, 'ca.crt') }),
        ),
      ).to.deep.equal(['REDIS_TLS_CA_FILE: is set but REDIS_URL is not rediss:// (TLS)']);
      const problems = problemsOf(() =>
        loadConfig(['redis'], { REDIS_URL: 'redis://redis:6379/2', REDIS_CLUSTER: 'true' }),
      );
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^REDIS_URL: names a database/);
      expect(problemsOf(() => loadConfig(['redis'], { REDIS_CLUSTER: 'maybe' }))[0]).to.match(
        /^REDIS_CLUSTER: /,
      );
    });
  });
});
