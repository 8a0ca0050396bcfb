/**
 * What the fleet has learnt about a tenant's listing filters (`GET /api/users?emp_id=X` and the like): whether the
 * server ignores one, answering with the unfiltered listing instead. A lookup whose filter is known to be ignored
 * goes straight to a paged scan instead of spending a call on the filter first.
 *
 * Only an optimisation: a lookup checks every record it gets against its key whatever this says, so a wrong
 * answer here costs calls, never a duplicate.
 */
export interface FilterTrust {
  /** True when the filter of `resource` (e.g. `users`) is known to be ignored by this tenant. */
  isIgnored(resource: string): Promise<boolean>;
  /** Remembers that the filter of `resource` is ignored. */
  markIgnored(resource: string): Promise<void>;
}

/** A FilterTrust that remembers for the life of one process: for tools and tests, not for the fleet. */
export class InProcessFilterTrust implements FilterTrust {
  private readonly ignored = new Set<string>();

  isIgnored(resource: string): Promise<boolean> {
    return Promise.resolve(this.ignored.has(resource));
  }

  markIgnored(resource: string): Promise<void> {
    this.ignored.add(resource);
    return Promise.resolve();
  }
}
