/** A SafetyAmp boolean (`system_access`) that may come back as true, 1, "1" or "true". Anything else is false. */
export function normaliseFlag(value: unknown): boolean {
  if (value === true || value === 1) return true;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    return text === '1' || text === 'true';
  }
  return false;
}
