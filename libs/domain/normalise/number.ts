/** An integer from a number or a numeric string (`"3183"`), else null. */
export function normaliseInteger(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value.trim());
  return null;
}

/**
 * A SafetyAmp id in comparison form: user ids are strings, the others integers that may arrive as numeric
 * strings. Both become strings, so 5145 and "5145" compare equal.
 */
export function normaliseId(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const text = value.trim();
    return /^\d+$/.test(text) ? String(Number(text)) : text;
  }
  return null;
}
