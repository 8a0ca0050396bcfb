import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench`: every bench/*.bench.ts in its own process (so one benchmark's heap does not weigh on the next),
 * one after the other. Each prints its numbers next to a baseline measured in the same run.
 * `npm run bench -- plan vista` runs only the benchmarks whose names contain one of the words; flags such as
 * `--quick` are passed to each (`npm run bench -- freshness --quick`).
 */
const dir = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('--'));
/** Flags (`--quick`) go to every benchmark run. */
const flags = args.filter((a) => a.startsWith('--'));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filters.length || filters.some((w) => f.includes(w)))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${file}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', `${dir}${file}`, ...flags], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed += 1;
    process.stdout.write(`=== ${file} exited with ${result.status ?? result.signal}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
