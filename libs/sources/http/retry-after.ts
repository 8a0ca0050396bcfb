/**
 * Milliseconds to wait according to an HTTP `Retry-After` header (delta-seconds or an HTTP date), or
 * `fallbackMs` when the header is absent or unreadable.
 */
export function retryAfterMs(header: string | null, fallbackMs: number, nowMs = Date.now()): number {
  if (header === null || header.trim() === '') return fallbackMs;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1000));
  const date = Date.parse(header);
  return Number.isNaN(date) ? fallbackMs : Math.max(0, date - nowMs);
}
