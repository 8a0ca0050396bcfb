import ms from 'ms';

/** Parses a duration such as `45m`, `2h` or `90s` (the `ms` package's grammar) into milliseconds; throws otherwise. */
export function parseDuration(text: string): number {
  const value = ms(text.trim() as ms.StringValue);
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new Error(`expected a duration such as 45m, 2h or 90s, got "${text}"`);
  return value;
}
