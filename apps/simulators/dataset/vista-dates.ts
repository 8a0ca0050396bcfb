export const DAY_MS = 86_400_000;

/** A datetime as the Vista tables hold it in the simulator: 'YYYY-MM-DD HH:MM:SS' (UTC, midnight). */
export function vistaDate(epochMs: number): string {
  const day = Math.floor(epochMs / DAY_MS);
  let text = dayTexts.get(day);
  if (text === undefined) {
    text = `${new Date(day * DAY_MS).toISOString().slice(0, 10)} 00:00:00`;
    dayTexts.set(day, text);
  }
  return text;
}

const dayTexts = new Map<number, string>();

/** Midnight UTC of the day of `date`. */
export function startOfDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

/** The last Sunday on or before `dayMs` (Vista pay periods end on Sundays). */
export function lastSunday(dayMs: number): number {
  return dayMs - new Date(dayMs).getUTCDay() * DAY_MS;
}
