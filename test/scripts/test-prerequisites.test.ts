import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runProjectScript } from './run-script.js';

interface ToolEntry {
  binary: string;
  debianPackage: string;
  neededFor: string;
}

const isRoot = process.getuid?.() === 0;

async function writeExecutable(path: string, body: string): Promise<void> {
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
}

describe('scripts/test-prerequisites.mjs', () => {
  let dir = '';
  let bin = '';
  let listFile = '';

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prerequisites-'));
    bin = join(dir, 'bin');
    listFile = join(dir, 'tools.json');
    await mkdir(bin);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The script with only `bin` on PATH, so that every real tool is hidden, and a tool list of made-up tools. */
  async function check(tools: ToolEntry[]) {
    await writeFile(listFile, JSON.stringify({ tools }));
    return runProjectScript('test-prerequisites.mjs', [], {
      env: { PATH: bin, SYSTEM_TOOLS_FILE: listFile },
    });
  }

  const tool = (binary: string, debianPackage: string): ToolEntry => ({
    binary,
    debianPackage,
    neededFor: 'a test',
  });

  it('passes when every tool is present, on PATH by name or at its absolute path', async () => {
    await writeExecutable(join(bin, 'fake-on-path'), 'exit 0');
    await writeExecutable(join(dir, 'fake-at-path'), 'exit 0');

    const result = await check([tool('fake-on-path', 'pkg-a'), tool(join(dir, 'fake-at-path'), 'pkg-b')]);

    expect(result.stderr).to.equal('');
    expect(result.stdout).to.equal('test prerequisites: all 2 system tools present\n');
    expect(result.status).to.equal(0);
  });

  it('stops with one line naming the missing tools and the command that installs them when apt-get is absent', async () => {
    await writeExecutable(join(bin, 'fake-present'), 'exit 0');
    await writeFile(join(bin, 'fake-a'), 'not executable, so not a tool');

    const result = await check([
      tool('fake-present', 'pkg-present'),
      tool('fake-a', 'pkg-a'),
      tool('fake-b', 'pkg-shared'),
      tool('fake-c', 'pkg-shared'),
      tool(join(dir, 'nowhere'), 'pkg-d'),
    ]);

    const sudo = isRoot ? '' : 'sudo ';
    expect(result.stderr).to.equal(
      `missing: fake-a, fake-b, fake-c, ${join(dir, 'nowhere')} — run: ${sudo}apt-get install -y pkg-a pkg-shared pkg-d` +
        ' (Debian package names; apt-get is not on this machine)\n',
    );
    expect(result.status).to.equal(1);
  });

  describe('as root with apt-get', () => {
    let aptLog = '';
    before(function () {
      if (!isRoot) this.skip(); // CI runs as root; elsewhere the script never installs, as the test above shows
    });
    beforeEach(() => {
      aptLog = join(dir, 'apt-get.log');
    });

    it('installs every missing tool with one non-interactive apt-get install, then checks again', async () => {
      await writeExecutable(
        join(bin, 'apt-get'),
        [
          `echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >> '${aptLog}'`,
          `if [ "$1" = install ]; then`,
          `  for tool in fake-a fake-b; do printf '#!/bin/sh\\n' > '${bin}'/$tool; /bin/chmod +x '${bin}'/$tool; done`,
          `fi`,
        ].join('\n'),
      );

      const result = await check([tool('fake-a', 'pkg-a'), tool('fake-b', 'pkg-b'), tool('apt-get', 'apt')]);

      expect(result.status, result.stderr).to.equal(0);
      expect((await readFile(aptLog, 'utf8')).trim().split('\n')).to.deep.equal([
        'DEBIAN_FRONTEND=noninteractive update',
        'DEBIAN_FRONTEND=noninteractive install -y --no-install-recommends pkg-a pkg-b',
      ]);
      expect(result.stdout).to.contain('installing pkg-a pkg-b for fake-a, fake-b');
      expect(result.stdout).to.contain('all 3 system tools present');
    });

    it('fails naming the tool when the installed package does not provide it', async () => {
      await writeExecutable(join(bin, 'apt-get'), 'exit 0');

      const result = await check([tool('fake-a', 'pkg-a')]);

      expect(result.stderr).to.contain('missing after apt-get install: fake-a (expected from pkg-a)');
      expect(result.status).to.equal(1);
    });

    it('fails naming the apt-get command that failed', async () => {
      await writeExecutable(join(bin, 'apt-get'), '[ "$1" = update ] || exit 100');

      const result = await check([tool('fake-a', 'pkg-a')]);

      expect(result.stderr).to.contain('apt-get install -y --no-install-recommends pkg-a failed (exit 100)');
      expect(result.status).to.equal(1);
    });
  });

  it('stops naming the entry of the tool list that is wrong', async () => {
    const result = await check([tool('fake-a', 'pkg-a'), { binary: 'fake-b', neededFor: 'x' } as ToolEntry]);

    expect(result.stderr).to.equal(`${listFile}: tools[1].debianPackage must be a Debian package name\n`);
    expect(result.status).to.equal(1);
  });

  it("finds every tool of the project's list on this machine", async () => {
    const result = await runProjectScript('test-prerequisites.mjs', []);

    expect(result.stderr).to.equal('');
    expect(result.stdout).to.match(/^test prerequisites: all \d+ system tools present\n$/);
    expect(result.status).to.equal(0);
  });
});
