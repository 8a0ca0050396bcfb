#!/usr/bin/env node
// Checks that every system tool the test suite needs is on this machine (the list: scripts/system-tools.json).
// As root with apt-get, it installs the missing ones; otherwise it stops with one line saying what to run.
// Plain Node with no dependencies: .ci/run runs it before `npm ci`.
//
// SYSTEM_TOOLS_FILE replaces the list; it exists for test/scripts/test-prerequisites.test.ts only.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

const DEFAULT_LIST = new URL('./system-tools.json', import.meta.url);
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

const listFile = process.env.SYSTEM_TOOLS_FILE || DEFAULT_LIST;
const tools = readToolList(listFile);

let missing = tools.filter((tool) => !isPresent(tool.binary));
if (missing.length === 0) {
  console.log(`test prerequisites: all ${tools.length} system tools present`);
  process.exit(0);
}

const packages = [...new Set(missing.map((tool) => tool.debianPackage))];
const isRoot = process.getuid?.() === 0;
if (!isRoot || !findOnPath('apt-get')) {
  const sudo = isRoot ? '' : 'sudo ';
  console.error(
    `missing: ${names(missing)} — run: ${sudo}apt-get install -y ${packages.join(' ')}` +
      (findOnPath('apt-get') ? '' : ' (Debian package names; apt-get is not on this machine)'),
  );
  process.exit(1);
}

console.log(`test prerequisites: installing ${packages.join(' ')} for ${names(missing)}`);
aptGet(['update']);
aptGet(['install', '-y', '--no-install-recommends', ...packages]);
missing = missing.filter((tool) => !isPresent(tool.binary));
if (missing.length > 0) {
  console.error(
    `missing after apt-get install: ${missing.map((tool) => `${tool.binary} (expected from ${tool.debianPackage})`).join(', ')}`,
  );
  process.exit(1);
}
console.log(`test prerequisites: all ${tools.length} system tools present`);

function names(list) {
  return list.map((tool) => tool.binary).join(', ');
}

function aptGet(args) {
  const result = spawnSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    console.error(`apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
    process.exit(1);
  }
}

function isPresent(binary) {
  return isAbsolute(binary) ? isExecutableFile(binary) : findOnPath(binary) !== undefined;
}

function findOnPath(command) {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, command))
    .find(isExecutableFile);
}

function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The tool list, each entry checked so that a mistyped entry stops here naming itself. */
function readToolList(file) {
  const where = String(file instanceof URL ? file.pathname : file);
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`cannot read the tool list ${where}: ${error.message}`);
  }
  if (!Array.isArray(parsed?.tools)) fail(`${where}: "tools" must be an array`);
  parsed.tools.forEach((tool, index) => {
    const at = `${where}: tools[${index}]`;
    if (typeof tool?.binary !== 'string' || tool.binary === '')
      fail(`${at}.binary must be a command name or an absolute path`);
    if (typeof tool.debianPackage !== 'string' || !PACKAGE_NAME.test(tool.debianPackage))
      fail(`${at}.debianPackage must be a Debian package name`);
    if (typeof tool.neededFor !== 'string' || tool.neededFor === '')
      fail(`${at}.neededFor must say which tests need ${tool.binary}`);
  });
  return parsed.tools;
}

function fail(message) {
  console.error(message);
  process.exit(1);
}
