/** Trimmed text, or null when nothing is left. Numbers are written out (Vista zips may arrive as numbers). */
export function normaliseText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Trimmed, lower-cased text: the comparison form of titles, regions and codes. */
export function foldText(value: unknown): string | null {
  const text = normaliseText(value);
  return text === null ? null : text.toLowerCase();
}
