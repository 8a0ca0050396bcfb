export type RecordId = number | string;
export type StoredRecord = Record<string, unknown> & { id: RecordId };

/** A uniqueness index: the key a record is known by (already normalised, e.g. lower-cased), or null when it has none. */
export interface UniqueKey {
  name: string;
  keyOf(record: Record<string, unknown>): string | null;
}

/** Key → the id holding it, or the ids when a seed holds duplicates the API would refuse. */
interface KeyIndex {
  key: UniqueKey;
  ids: Map<string, RecordId | Set<RecordId>>;
}

function compareIds(a: RecordId, b: RecordId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * One SafetyAmp collection: records by id, kept in id order for paging, with uniqueness indexes so that a
 * "has already been taken" check is a map lookup. The order is re-sorted lazily, once after a batch of writes,
 * never per request, and a single insert finds its place by binary search.
 */
export class Collection {
  private readonly byId = new Map<RecordId, StoredRecord>();
  private order: RecordId[] = [];
  private sorted = true;
  private readonly indexes = new Map<string, KeyIndex>();

  constructor(keys: UniqueKey[]) {
    for (const key of keys) this.indexes.set(key.name, { key, ids: new Map() });
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: RecordId): StoredRecord | undefined {
    return this.byId.get(id);
  }

  has(id: RecordId): boolean {
    return this.byId.has(id);
  }

  /** Adds a record whose id is not yet taken, at its place in the id order (a binary search, no re-sort). */
  insert(record: StoredRecord): void {
    this.add(record);
    const last = this.order[this.order.length - 1];
    if (!this.sorted || last === undefined || compareIds(last, record.id) < 0) {
      this.order.push(record.id);
      return;
    }
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareIds(this.order[mid] as RecordId, record.id) < 0) low = mid + 1;
      else high = mid;
    }
    this.order.splice(low, 0, record.id);
  }

  /** Adds many records at once (a seed); the order is sorted once, at the next read. */
  insertMany(records: StoredRecord[]): void {
    for (const record of records) {
      this.add(record);
      this.order.push(record.id);
    }
    this.sorted = false;
  }

  /** Replaces the record stored under `next.id`, keeping its place in the order. */
  replace(next: StoredRecord): void {
    const previous = this.byId.get(next.id);
    if (!previous) throw new Error(`unknown id ${String(next.id)}`);
    this.index(previous, 'remove');
    this.byId.set(next.id, next);
    this.index(next, 'add');
  }

  /** All records in id order (the stored objects themselves: callers must not mutate them). */
  list(): StoredRecord[] {
    return this.slice(0, this.order.length);
  }

  /** Records `[start, end)` of the id order. */
  slice(start: number, end: number): StoredRecord[] {
    if (!this.sorted) {
      this.order.sort(compareIds);
      this.sorted = true;
    }
    return this.order.slice(start, end).map((id) => this.byId.get(id) as StoredRecord);
  }

  /** Records holding the same key as `candidate` in the named index (normalised as the index does), in id order. */
  findLike(indexName: string, candidate: Record<string, unknown>): StoredRecord[] {
    const key = this.requireIndex(indexName).key.keyOf(candidate);
    return key === null ? [] : this.findBy(indexName, key);
  }

  /** Records whose key in the named index equals `key`, in id order. */
  findBy(indexName: string, key: string): StoredRecord[] {
    const held = this.requireIndex(indexName).ids.get(key);
    if (held === undefined) return [];
    const ids = held instanceof Set ? [...held].sort(compareIds) : [held];
    return ids.map((id) => this.byId.get(id) as StoredRecord);
  }

  /** Whether another record than `exceptId` already holds the key `candidate` has in the named index. */
  isTaken(indexName: string, candidate: Record<string, unknown>, exceptId?: RecordId): boolean {
    const index = this.requireIndex(indexName);
    const key = index.key.keyOf(candidate);
    if (key === null) return false;
    const held = index.ids.get(key);
    if (held === undefined) return false;
    if (!(held instanceof Set)) return held !== exceptId;
    for (const id of held) if (id !== exceptId) return true;
    return false;
  }

  private add(record: StoredRecord): void {
    if (this.byId.has(record.id)) throw new Error(`duplicate id ${String(record.id)}`);
    this.byId.set(record.id, record);
    this.index(record, 'add');
  }

  private requireIndex(name: string): KeyIndex {
    const index = this.indexes.get(name);
    if (!index) throw new Error(`no index ${name}`);
    return index;
  }

  private index(record: StoredRecord, op: 'add' | 'remove'): void {
    for (const { key, ids } of this.indexes.values()) {
      const value = key.keyOf(record);
      if (value === null) continue;
      const held = ids.get(value);
      if (op === 'add') {
        if (held === undefined) ids.set(value, record.id);
        else if (held instanceof Set) held.add(record.id);
        else if (held !== record.id) ids.set(value, new Set([held, record.id]));
      } else if (held instanceof Set) {
        held.delete(record.id);
        if (held.size === 1) ids.set(value, [...held][0] as RecordId);
      } else if (held === record.id) {
        ids.delete(value);
      }
    }
  }
}
