const MALE = new Set(['m', 'male', '1', 'true', 't']);
const FEMALE = new Set(['f', 'female', '0', '2', 'false']);

/**
 * SafetyAmp's gender code: 1 male, 0 female (the original's mapping, "2" included), null when unknown.
 * 0 is a real value: the original lost every female change because 0 is falsy (domain.md §4.4).
 */
export function normaliseGender(value: unknown): 0 | 1 | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim().toLowerCase();
  if (MALE.has(text)) return 1;
  if (FEMALE.has(text)) return 0;
  return null;
}
