const MS_PER_DAY = 86_400_000;

/** Start of the UTC day `days` before `asOf`: postings of that day count. */
export function windowStart(asOf: Date, days: number): Date {
  const d = new Date(asOf.getTime() - days * MS_PER_DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
