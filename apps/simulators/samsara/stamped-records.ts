/** A record as Samsara keeps it: an id, and when it was created and last updated (RFC 3339, UTC). */
export interface Stamped {
  id: string;
  createdAtTime?: string | null;
  updatedAtTime?: string | null;
}

/** A change a test asked for that cannot be made. */
export class RecordChangeError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404,
  ) {
    super(message);
  }
}

/**
 * Vehicles or drivers of the simulator, in a stable order, each stamped with `updatedAtTime` when it changes, so
 * that `updatedAfterTime` has something to filter on. Records loaded without stamps get the load time.
 */
export class StampedRecords<T extends Stamped> {
  private readonly list: T[] = [];
  private readonly byId = new Map<string, number>();

  constructor(
    records: readonly T[],
    private readonly now: () => number = Date.now,
  ) {
    const loadedAt = new Date(this.now()).toISOString();
    for (const record of records) {
      this.put({
        ...record,
        createdAtTime: record.createdAtTime ?? loadedAt,
        updatedAtTime: record.updatedAtTime ?? loadedAt,
      });
    }
  }

  all(): T[] {
    return [...this.list];
  }

  get(id: string): T | undefined {
    const index = this.byId.get(id);
    return index === undefined ? undefined : this.list[index];
  }

  /** Creates the record, or replaces the one with its id; either way it is updated now. */
  upsert(record: T): T {
    if (typeof record.id !== 'string' || record.id === '') {
      throw new RecordChangeError('id: a record needs a non-empty string id', 400);
    }
    const stamp = new Date(this.now()).toISOString();
    const created = this.get(record.id)?.createdAtTime ?? stamp;
    return this.put({ ...record, createdAtTime: created, updatedAtTime: stamp });
  }

  /** Changes some fields of a record and stamps it updated now. */
  update(id: string, patch: Partial<T>): T {
    const existing = this.get(id);
    if (!existing) throw new RecordChangeError(`no record with id ${id}`, 404);
    if (patch.id !== undefined && patch.id !== id)
      throw new RecordChangeError('id: an id cannot change', 400);
    return this.put({ ...existing, ...patch, id, updatedAtTime: new Date(this.now()).toISOString() });
  }

  /** Removes a record without a trace, as Samsara's listings show it. */
  remove(id: string): void {
    const index = this.byId.get(id);
    if (index === undefined) throw new RecordChangeError(`no record with id ${id}`, 404);
    this.list.splice(index, 1);
    this.byId.clear();
    this.list.forEach((record, i) => this.byId.set(record.id, i));
  }

  private put(record: T): T {
    const index = this.byId.get(record.id);
    if (index === undefined) {
      this.byId.set(record.id, this.list.length);
      this.list.push(record);
    } else {
      this.list[index] = record;
    }
    return record;
  }
}
