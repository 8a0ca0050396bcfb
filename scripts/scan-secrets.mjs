#!/usr/bin/env node
// Scans for secrets with secretlint and the project's .secretlintrc.json, from any directory.
//   scan-secrets.mjs           in a git work tree: every file git tracks or would add (ignored files such as a
//                              local .env or node_modules are not part of the tree); elsewhere: every file below.
//   scan-secrets.mjs --staged  the staged content of staged files (the pre-commit hook), not the working copy.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const config = join(projectRoot, '.secretlintrc.json');
const staged = process.argv.includes('--staged');

const secretlint = secretlintBin();
const topLevel = git(['rev-parse', '--show-toplevel'], process.cwd());

if (staged) {
  if (topLevel === undefined) fail('scan-secrets --staged: not inside a git work tree');
  process.exit(scanStaged(topLevel));
}
if (topLevel === undefined) process.exit(scan(process.cwd(), ['**/*'], []));
const files = split(git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], topLevel)).filter(
  (file) => existsSync(join(topLevel, file)),
);
process.exit(scan(topLevel, files, ['--no-glob']));

function scanStaged(repo) {
  const files = split(git(['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR'], repo));
  if (files.length === 0) return 0;
  const copy = mkdtempSync(join(tmpdir(), 'staged-'));
  try {
    const checkout = spawnSync('git', ['checkout-index', '-z', '--stdin', `--prefix=${copy}/`], {
      cwd: repo,
      input: files.join('\0'),
    });
    if (checkout.status !== 0) fail(`git checkout-index failed: ${checkout.stderr}`);
    const status = scan(copy, files, ['--no-glob']);
    if (status !== 0)
      console.error(`secrets in staged files (paths above are under a copy of the index): commit refused`);
    return status;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

function scan(cwd, targets, flags) {
  if (targets.length === 0) return 0;
  const result = spawnSync(process.execPath, [secretlint, '--secretlintrc', config, ...flags, ...targets], {
    cwd,
    stdio: 'inherit',
  });
  return result.status ?? 2;
}

function secretlintBin() {
  try {
    return join(
      dirname(createRequire(import.meta.url).resolve('secretlint/package.json')),
      'bin',
      'secretlint.js',
    );
  } catch {
    fail('scan-secrets: secretlint is not installed; run npm ci');
  }
}

function git(args, cwd) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.replace(/\n$/, '') : undefined;
}

function split(nulSeparated) {
  return (nulSeparated ?? '').split('\0').filter(Boolean);
}

function fail(message) {
  console.error(message);
  process.exit(2);
}
