import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';

/** What SafetyAmp accepts in a phone field. */
export const E164 = /^\+[1-9]\d{1,14}$/;

const DEFAULT_REGION: CountryCode = 'US';
const CACHE_LIMIT = 100_000;
// Parsing costs ~10 µs; a plan sees the same few thousand numbers on both sides of every diff.
const cache = new Map<string, string | null>();

/**
 * A phone number in E.164 (`+12255550134`), or null when the value is empty, unparseable or not a valid
 * number (libphonenumber-js, US default region). The same function runs on both sides of a diff, so
 * `225-555-0134`, `(225) 555-0134` and `+12255550134` compare equal.
 */
export function normalisePhone(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const cached = cache.get(value);
  if (cached !== undefined) return cached;
  const parsed = parsePhoneNumberFromString(value, DEFAULT_REGION);
  const e164 = parsed !== undefined && parsed.isValid() && E164.test(parsed.number) ? parsed.number : null;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(value, e164);
  // The other side of a diff holds the E.164 form, which normalises to itself.
  if (e164 !== null) cache.set(e164, e164);
  return e164;
}
