import { UsageError } from './command-usage.js';

/** Parses a `--port` value: a whole number from 0 (any free port) to 65535. */
export function parsePortOption(text: string, flag: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port > 65_535)
    throw new UsageError(`${flag}: expected a port number from 0 to 65535, got "${text}"`);
  return port;
}
