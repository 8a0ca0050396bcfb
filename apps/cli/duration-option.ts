import { ConfigurationError } from '../../libs/platform/config.js';
import { parseDuration } from '../../libs/platform/duration.js';

/** Parses `--max-duration 45m` (the grammar of RUN_MAX_DURATION) into milliseconds. */
export function parseDurationOption(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseDuration(text);
  } catch (err) {
    throw new ConfigurationError([`${flag}: ${(err as Error).message}`]);
  }
}
