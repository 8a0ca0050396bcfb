import { createHash } from 'node:crypto';
import { Collection } from './collection.js';
import type { RecordId, StoredRecord, UniqueKey } from './collection.js';
import { COLLECTIONS } from './seed.js';
import type { CollectionName, SafetyAmpSeed } from './seed.js';

/** A cluster as `GET /api/site_clusters` serves it: the stored record, its depth and its children. */
export type ClusterNode = StoredRecord & { depth: number; children: ClusterNode[] };

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value);
  return s === '' ? null : s;
}

function lower(value: unknown): string | null {
  return text(value)?.toLowerCase() ?? null;
}

const UNIQUE_KEYS: Record<CollectionName, UniqueKey[]> = {
  users: [
    { name: 'email', keyOf: (r) => lower(r.email) },
    { name: 'emp_id', keyOf: (r) => text(r.emp_id) },
  ],
  sites: [{ name: 'external_code', keyOf: (r) => text(r.external_code) }],
  site_clusters: [
    {
      name: 'name_in_parent',
      keyOf: (r) =>
        text(r.name) === null ? null : `${text(r.parent_cluster_id) ?? ''}\u0000${String(r.name)}`,
    },
  ],
  user_titles: [{ name: 'name', keyOf: (r) => lower(r.name) }],
  assets: [{ name: 'serial', keyOf: (r) => text(r.serial) }],
  roles: [],
  asset_types: [],
};

/** Fields a record never stores: the id is the store's, depth and children are derived from the parent links. */
const DERIVED_FIELDS = new Set(['id', 'depth', 'children']);

/**
 * The simulated tenant: seven collections, their id counters and indexes. User ids are short alphanumeric
 * strings derived from a counter (reproducible run to run); every other id is the next integer.
 */
export class SafetyAmpStore {
  private readonly collections = new Map<CollectionName, Collection>();
  private readonly nextIntId = new Map<CollectionName, number>();
  private userCounter = 0;

  constructor(seed: SafetyAmpSeed = {}) {
    for (const name of COLLECTIONS) this.collections.set(name, new Collection(UNIQUE_KEYS[name]));
    this.load(seed);
  }

  collection(name: CollectionName): Collection {
    return this.collections.get(name) as Collection;
  }

  /** Parses an id from a URL path segment; undefined when it cannot be one of this collection's ids. */
  parseId(name: CollectionName, raw: string): RecordId | undefined {
    if (name === 'users') return raw;
    return /^\d+$/.test(raw) ? Number(raw) : undefined;
  }

  /** Stores a new record (fields already validated) under a fresh id and returns it. */
  create(name: CollectionName, fields: Record<string, unknown>): StoredRecord {
    const record = { id: this.newId(name), ...withoutDerived(fields) } as StoredRecord;
    this.collection(name).insert(record);
    return record;
  }

  /** Overlays `fields` on the stored record; the record must exist. */
  update(name: CollectionName, id: RecordId, fields: Record<string, unknown>): StoredRecord {
    const collection = this.collection(name);
    const current = collection.get(id);
    if (!current) throw new Error(`unknown ${name} id ${String(id)}`);
    const next = { ...current, ...withoutDerived(fields), id } as StoredRecord;
    collection.replace(next);
    return next;
  }

  /** The depth of a cluster: 0 for a root (or a cluster whose parent is missing). */
  clusterDepth(id: RecordId): number {
    const clusters = this.collection('site_clusters');
    let depth = 0;
    const seen = new Set<RecordId>([id]);
    let parent = clusters.get(id)?.parent_cluster_id;
    while (typeof parent === 'number' && clusters.has(parent) && !seen.has(parent)) {
      seen.add(parent);
      depth += 1;
      parent = clusters.get(parent)?.parent_cluster_id;
    }
    return depth;
  }

  /** Whether `candidate` is `id` itself or one of its descendants (re-parenting there would make a cycle). */
  isInSubtree(candidate: RecordId, id: RecordId): boolean {
    const clusters = this.collection('site_clusters');
    const seen = new Set<RecordId>();
    let cursor: unknown = candidate;
    while (typeof cursor === 'number' && !seen.has(cursor)) {
      if (cursor === id) return true;
      seen.add(cursor);
      cursor = clusters.get(cursor)?.parent_cluster_id;
    }
    return false;
  }

  /** Roots (depth 0) with nested children, every level in id order. */
  clusterTree(): ClusterNode[] {
    const all = this.collection('site_clusters').list();
    const nodes = new Map<RecordId, ClusterNode>();
    for (const record of all) nodes.set(record.id, { ...record, depth: 0, children: [] });
    const roots: ClusterNode[] = [];
    for (const record of all) {
      const node = nodes.get(record.id) as ClusterNode;
      const parent =
        typeof record.parent_cluster_id === 'number' ? nodes.get(record.parent_cluster_id) : undefined;
      if (parent && !this.isInSubtree(parent.id, record.id)) parent.children.push(node);
      else roots.push(node);
    }
    const setDepth = (node: ClusterNode, depth: number): void => {
      node.depth = depth;
      for (const child of node.children) setDepth(child, depth + 1);
    };
    for (const root of roots) setDepth(root, 0);
    return roots;
  }

  /** Every collection as flat records in id order (a deep copy). */
  snapshot(): Required<SafetyAmpSeed> {
    const out: Record<string, unknown[]> = {};
    for (const name of COLLECTIONS) out[name] = structuredClone(this.collection(name).list());
    return out as unknown as Required<SafetyAmpSeed>;
  }

  private newId(name: CollectionName): RecordId {
    if (name === 'users') return this.newUserId();
    const id = this.nextIntId.get(name) ?? 1;
    this.nextIntId.set(name, id + 1);
    return id;
  }

  private newUserId(): string {
    const users = this.collection('users');
    for (;;) {
      this.userCounter += 1;
      const digest = createHash('sha256').update(`safetyamp-sim-user-${this.userCounter}`).digest();
      const id = [...digest.subarray(0, 8)].map((byte) => (byte % 36).toString(36)).join('');
      if (!users.has(id)) return id;
    }
  }

  private load(seed: SafetyAmpSeed): void {
    const copy = structuredClone(seed);
    for (const name of COLLECTIONS) {
      const records =
        name === 'site_clusters' ? flattenClusters(copy.site_clusters ?? []) : (copy[name] ?? []);
      const withId: StoredRecord[] = [];
      const withoutId: Record<string, unknown>[] = [];
      const seen = new Set<RecordId>();
      let maxId = 0;
      for (const raw of records as Record<string, unknown>[]) {
        if (raw.id === undefined || raw.id === null) {
          withoutId.push(raw);
          continue;
        }
        const id = name === 'users' ? String(raw.id) : Number(raw.id);
        if (typeof id === 'number' && !Number.isSafeInteger(id)) {
          throw new Error(`seed ${name}: id ${String(raw.id)} is not an integer`);
        }
        if (seen.has(id)) throw new Error(`seed ${name}: duplicate id ${String(id)}`);
        seen.add(id);
        if (typeof id === 'number') maxId = Math.max(maxId, id);
        withId.push({ id, ...withoutDerived(raw) });
      }
      this.collection(name).insertMany(withId);
      this.nextIntId.set(name, maxId + 1);
      for (const raw of withoutId) this.create(name, raw);
    }
  }
}

function withoutDerived(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (!DERIVED_FIELDS.has(key)) out[key] = value;
  return out;
}

/** Accepts clusters either flat or as the API's tree (`children`), and returns them flat. */
function flattenClusters(clusters: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (cluster: Record<string, unknown>, parentId: unknown): void => {
    const flat = { ...cluster };
    if (parentId !== undefined && (flat.parent_cluster_id === undefined || flat.parent_cluster_id === null)) {
      flat.parent_cluster_id = parentId;
    }
    if (flat.parent_cluster_id === undefined) flat.parent_cluster_id = null;
    if (typeof flat.parent_cluster_id === 'string' && /^\d+$/.test(flat.parent_cluster_id)) {
      flat.parent_cluster_id = Number(flat.parent_cluster_id);
    }
    out.push(flat);
    const children = cluster.children;
    if (Array.isArray(children))
      for (const child of children) visit(child as Record<string, unknown>, flat.id);
  };
  for (const cluster of clusters) visit(cluster, undefined);
  return out;
}
