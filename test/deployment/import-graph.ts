import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';

/**
 * The modules a process loads before it does anything: the static imports reachable from its entry files, followed
 * through our TypeScript sources. Type-only imports are erased by the compiler and dynamic `import()` loads later,
 * on demand (the fleet command's subcommands), so neither is followed.
 */

export interface ImportGraph {
  /** Our source files, relative to the repository root. */
  files: Set<string>;
  /** npm packages by name (`@scope/name` or `name`). */
  packages: Set<string>;
}

const STATIC_IMPORT = /(?:^|[;\n])\s*(?:import|export)\s+(type\s+)?(?:[^;'"`]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const BUILTINS = new Set(builtinModules);

export function staticImportGraph(root: string, entries: string[]): ImportGraph {
  const graph: ImportGraph = { files: new Set(), packages: new Set() };
  const pending = entries.map((e) => join(root, e));
  while (pending.length) {
    const file = pending.pop() as string;
    const key = relative(root, file);
    if (graph.files.has(key)) continue;
    graph.files.add(key);
    for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (match[1]) continue;
      const specifier = match[2] as string;
      if (specifier.startsWith('.')) pending.push(resolveSource(file, specifier));
      else if (!specifier.startsWith('node:') && !BUILTINS.has(specifier))
        graph.packages.add(packageName(specifier));
    }
  }
  return graph;
}

/** `../x.js` as written under NodeNext resolution, back to the TypeScript source it is compiled from. */
function resolveSource(from: string, specifier: string): string {
  const target = join(dirname(from), specifier);
  const candidates = [target.replace(/\.js$/, '.ts'), target, join(target, 'index.ts')];
  const found = candidates.find((c) => c.endsWith('.ts') && existsSync(c));
  if (!found) throw new Error(`${from}: cannot resolve ${specifier}`);
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}
