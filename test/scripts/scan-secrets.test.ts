import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { PROJECT_ROOT, run, runProjectScript } from './run-script.js';

// Every secret is made at run time, so that this file holds none for the scan of the project to find.
const password = (): string => randomBytes(12).toString('base64url');
const privateKeyPem = (): string =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
const sqlServerConnectionString = (): string =>
  ['Server=vista.example.com', 'Database=Viewpoint', 'User Id=sync', 'Password=' + password()].join(';');
function urlWithPassword(protocol: string, username = ''): string {
  const url = new URL(protocol + '//db.example.com:1433/Viewpoint');
  url.username = username;
  url.password = password();
  return url.toString();
}

const git = (cwd: string, ...args: string[]) =>
  run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd });

describe('scripts/scan-secrets.mjs', () => {
  let tree = '';
  beforeEach(async () => {
    tree = await mkdtemp(join(tmpdir(), 'scan-secrets-'));
  });
  afterEach(async () => {
    await rm(tree, { recursive: true, force: true });
  });

  async function plant(files: Record<string, string>): Promise<void> {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(tree, path)), { recursive: true });
      await writeFile(join(tree, path), content);
    }
  }

  const cleanFiles = {
    'src/redis.ts': "export const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';\n",
    'config/vista.env.example': 'VISTA_CONNECTION=Server=vista.example.com;Database=Viewpoint;User Id=sync\n',
    'README.md': 'Set REDIS_URL to redis://host:6379 and put the password in REDIS_PASSWORD_FILE.\n',
  };

  it('passes a clean tree', async () => {
    await plant(cleanFiles);

    const result = await runProjectScript('scan-secrets.mjs', [], { cwd: tree });

    expect(result.status, result.stdout + result.stderr).to.equal(0);
  });

  it('fails on a private key and on a connection string with a password, naming both files', async () => {
    await plant({
      ...cleanFiles,
      'deploy/signing.txt': privateKeyPem(),
      'src/vista.ts': `export const vista = '${sqlServerConnectionString()}';\n`,
    });

    const result = await runProjectScript('scan-secrets.mjs', [], { cwd: tree });

    expect(result.stdout).to.contain(join(tree, 'deploy/signing.txt'));
    expect(result.stdout).to.contain(join(tree, 'src/vista.ts'));
    expect(result.stdout).to.not.contain(join(tree, 'src/redis.ts'));
    expect(result.status).to.equal(1);
  });

  it('finds each kind of secret the project adds to the recommended rules', async () => {
    const pem = privateKeyPem();
    const planted = {
      'mssql-url.txt': urlWithPassword('mssql:', 'sync'),
      'sqlserver-url.txt': urlWithPassword('sqlserver:', 'sync'),
      'password-first.txt': ['Password=' + password(), 'Data Source=vista', 'Initial Catalog=Viewpoint'].join(
        ';',
      ),
      'redis-url.txt': urlWithPassword('redis:'),
      'rediss-url.txt': urlWithPassword('rediss:', 'default'),
      'encrypted-key.txt': pem.replaceAll('PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'),
      'cut-key.txt': pem.split('\n').slice(0, 2).join('\n'),
    };
    await plant(planted);

    const result = await runProjectScript('scan-secrets.mjs', [], { cwd: tree });

    for (const file of Object.keys(planted)) expect(result.stdout, file).to.contain(join(tree, file));
    expect(result.status).to.equal(1);
  });

  describe('in a git work tree', () => {
    beforeEach(async () => {
      await git(tree, 'init', '-q');
    });

    it('scans what git tracks or would add, not ignored files such as a local .env', async () => {
      await plant({
        ...cleanFiles,
        '.gitignore': '.env\n',
        '.env': `REDIS_URL=${urlWithPassword('redis:')}\n`,
      });
      expect((await runProjectScript('scan-secrets.mjs', [], { cwd: tree })).status).to.equal(0);

      await plant({ 'src/settings.ts': `export const redis = '${urlWithPassword('redis:')}';\n` });
      const result = await runProjectScript('scan-secrets.mjs', [], { cwd: tree });

      expect(result.stdout).to.contain('src/settings.ts');
      expect(result.stdout).to.not.contain('.env');
      expect(result.status).to.equal(1);
    });

    it('--staged scans the staged content, not the working copy', async () => {
      await plant({
        ...cleanFiles,
        'src/vista.ts': `export const vista = '${sqlServerConnectionString()}';\n`,
      });
      await git(tree, 'add', '-A');
      await plant({ 'src/vista.ts': 'export const vista = process.env.VISTA_CONNECTION;\n' });

      const staged = await runProjectScript('scan-secrets.mjs', ['--staged'], { cwd: tree });
      expect(staged.stdout).to.match(/staged-[^/\s]+\/src\/vista\.ts/);
      expect(staged.status).to.equal(1);

      await git(tree, 'add', '-A');
      const fixed = await runProjectScript('scan-secrets.mjs', ['--staged'], { cwd: tree });
      expect(fixed.status, fixed.stdout + fixed.stderr).to.equal(0);
    });

    it('the pre-commit hook refuses a commit holding a private key and accepts it once the key is gone', async () => {
      await git(tree, 'config', 'core.hooksPath', join(PROJECT_ROOT, '.githooks'));
      await plant({ ...cleanFiles, 'deploy/tls.txt': privateKeyPem() });
      await git(tree, 'add', '-A');

      const refused = await git(tree, 'commit', '-q', '-m', 'with a key');
      expect(refused.stdout + refused.stderr).to.contain('deploy/tls.txt');
      expect(refused.status).to.not.equal(0);
      expect(
        (await git(tree, 'rev-parse', '--verify', '-q', 'HEAD')).status,
        'a commit was made',
      ).to.not.equal(0);

      await git(tree, 'rm', '-q', '--cached', 'deploy/tls.txt');
      const accepted = await git(tree, 'commit', '-q', '-m', 'without the key');
      expect(accepted.status, accepted.stdout + accepted.stderr).to.equal(0);
    });

    it("npm's prepare points git at .githooks", async () => {
      const { scripts } = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8'));

      const prepare = await run('sh', ['-c', scripts.prepare], { cwd: tree });

      expect(prepare.status).to.equal(0);
      expect((await git(tree, 'config', 'core.hooksPath')).stdout.trim()).to.equal('.githooks');
    });
  });

  it("npm's prepare does nothing outside a git work tree (a Docker build)", async () => {
    const { scripts } = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8'));

    const prepare = await run('sh', ['-c', scripts.prepare], { cwd: tree });

    expect(prepare).to.deep.equal({ status: 0, stdout: '', stderr: '' });
  });
});
