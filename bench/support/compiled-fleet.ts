import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Compiles the fleet into `dir` the way docker/Dockerfile does (tsc -p tsconfig.build.json, then the Lua scripts
 * and the Vista schema next to the compiled code) and returns the path of its `fleet` command,
 * `dir/dist/apps/cli/main.js`; null (with the compiler's complaint) when nothing runnable came out.
 */
export function compileFleet(dir: string): { entry: string | null; problem: string } {
  const dist = join(dir, 'dist');
  mkdirSync(dist, { recursive: true });
  const tsc = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(ROOT, 'tsconfig.build.json'),
      '--outDir',
      dist,
    ],
    { encoding: 'utf8' },
  );
  const entry = join(dist, 'apps/cli/main.js');
  if (!existsSync(entry)) return { entry: null, problem: `${tsc.stdout}${tsc.stderr}`.slice(0, 2_000) };
  // Every lib's Lua scripts, as the image copies them (libs/safetyamp/lua, libs/state/lua, …).
  for (const lib of readdirSync(join(ROOT, 'libs'))) {
    const lua = join('libs', lib, 'lua');
    if (existsSync(join(ROOT, lua))) cpSync(join(ROOT, lua), join(dist, lua), { recursive: true });
  }
  cpSync(join(ROOT, 'apps/simulators/vista/schema.sql'), join(dist, 'apps/simulators/vista/schema.sql'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // Type errors elsewhere in the tree do not stop tsc from emitting; they are reported, not fatal.
  return { entry, problem: tsc.status === 0 ? '' : `tsc exited ${tsc.status}` };
}
