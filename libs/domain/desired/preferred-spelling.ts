/**
 * Collects the spellings of one case-insensitive name (a region, a title) and picks the one to create: the
 * most frequent, ties broken by code-point order, so the choice does not depend on the order of source rows.
 */
export class SpellingTally {
  private readonly counts = new Map<string, Map<string, number>>();

  add(key: string, spelling: string): void {
    let spellings = this.counts.get(key);
    if (spellings === undefined) {
      spellings = new Map();
      this.counts.set(key, spellings);
    }
    spellings.set(spelling, (spellings.get(spelling) ?? 0) + 1);
  }

  /** Keys in first-seen order with their preferred spelling. */
  preferred(): Map<string, string> {
    const result = new Map<string, string>();
    for (const [key, spellings] of this.counts) {
      let best: [string, number] | undefined;
      for (const entry of spellings) {
        if (best === undefined || entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0]))
          best = entry;
      }
      if (best !== undefined) result.set(key, best[0]);
    }
    return result;
  }
}
