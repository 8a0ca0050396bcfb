import { readFileSync } from 'node:fs';

/** The text of a Lua script kept apart from the code that runs it (`./lua/<name>.lua` next to `moduleUrl`). */
export function luaScript(moduleUrl: string, name: string): string {
  return readFileSync(new URL(`./lua/${name}.lua`, moduleUrl), 'utf8');
}
