import type { StoredRecord } from './collection.js';
import { COLLECTIONS } from './seed.js';
import type { CollectionName } from './seed.js';
import type { SafetyAmpStore } from './store.js';
import { normaliseInput, validateWrite } from './validation.js';

/** An `/api` request once it passed the gate (rate limit, faults, auth): `path` is relative to `/api`. */
export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/** The answer, free of any web framework. `applied` is true when a write changed the store. */
export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  applied?: boolean;
}

export interface ListingOptions {
  /** The largest `limit` the server honours. */
  pageCap: number;
  /** Whether listings carry `meta` (some deployments omit it). */
  meta: boolean;
}

/** Laravel's paginator default when a request names no `limit`. */
const DEFAULT_LIMIT = 15;

const MODEL: Record<CollectionName, string> = {
  site_clusters: 'SiteCluster',
  sites: 'Site',
  user_titles: 'UserTitle',
  users: 'User',
  roles: 'Role',
  asset_types: 'AssetType',
  assets: 'Asset',
};

const CREATABLE = new Set<CollectionName>(['site_clusters', 'sites', 'user_titles', 'users', 'assets']);
const PATCHABLE = new Set<CollectionName>(['site_clusters', 'sites', 'users', 'assets']);

/** Fields a created record always has, so that flat records keep one shape. */
const CREATE_DEFAULTS: Partial<Record<CollectionName, Record<string, unknown>>> = {
  site_clusters: { external_code: null, parent_cluster_id: null },
  sites: { external_code: null },
  users: { system_access: true },
};

const message = (status: number, text: string): ApiAnswer => ({ status, body: { message: text } });

function methodNotAllowed(method: string, path: string, allowed: string[]): ApiAnswer {
  return {
    status: 405,
    headers: { Allow: allowed.join(', ') },
    body: {
      message: `The ${method} method is not supported for route api${path}. Supported methods: ${allowed.join(', ')}.`,
    },
  };
}

/** A page or limit parameter: a positive integer, else undefined (so page=0 and page=abc mean page 1). */
function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function present(store: SafetyAmpStore, name: CollectionName, record: StoredRecord): StoredRecord {
  return name === 'site_clusters' ? { ...record, depth: store.clusterDepth(record.id) } : record;
}

function listing(
  store: SafetyAmpStore,
  name: CollectionName,
  query: Record<string, string>,
  opts: ListingOptions,
) {
  if (name === 'site_clusters') return { status: 200, body: { data: store.clusterTree() } };
  const collection = store.collection(name);
  const filtered =
    name === 'users' && query.emp_id !== undefined ? collection.findBy('emp_id', query.emp_id) : null;
  const total = filtered ? filtered.length : collection.size;
  const page = positiveInt(query.page) ?? 1;
  const perPage = Math.min(positiveInt(query.limit) ?? DEFAULT_LIMIT, opts.pageCap);
  const start = (page - 1) * perPage;
  const data = filtered ? filtered.slice(start, start + perPage) : collection.slice(start, start + perPage);
  const body: Record<string, unknown> = { data };
  if (opts.meta) {
    body.meta = {
      current_page: page,
      last_page: Math.max(1, Math.ceil(total / perPage)),
      per_page: perPage,
      total,
    };
  }
  return { status: 200, body };
}

/** Serves one `/api` request against the store. */
export function handleApiRequest(store: SafetyAmpStore, opts: ListingOptions, req: ApiRequest): ApiAnswer {
  const segments = req.path.split('/').filter((s) => s !== '');
  const name = segments[0] as CollectionName;
  const method = req.method.toUpperCase();
  if (segments.length === 0 || segments.length > 2 || !(COLLECTIONS as readonly string[]).includes(name)) {
    return message(404, `The route api${req.path} could not be found.`);
  }

  if (segments.length === 1) {
    const allowed = ['GET', 'HEAD', ...(CREATABLE.has(name) ? ['POST'] : [])];
    if (method === 'GET' || method === 'HEAD') return listing(store, name, req.query, opts);
    if (method !== 'POST' || !CREATABLE.has(name)) return methodNotAllowed(method, req.path, allowed);
    const checked = validateWrite(store, name, 'create', normaliseInput(req.body));
    if (!checked.ok) return { status: 422, body: checked.failure };
    const record = store.create(name, { ...CREATE_DEFAULTS[name], ...checked.fields });
    return { status: 201, body: { data: present(store, name, record) }, applied: true };
  }

  const allowed = ['GET', 'HEAD', ...(PATCHABLE.has(name) ? ['PATCH'] : [])];
  if (method !== 'GET' && method !== 'HEAD' && (method !== 'PATCH' || !PATCHABLE.has(name))) {
    return methodNotAllowed(method, req.path, allowed);
  }
  const rawId = safeDecode(segments[1] as string);
  const id = store.parseId(name, rawId);
  const current = id === undefined ? undefined : store.collection(name).get(id);
  if (!current) return message(404, `No query results for model [App\\Models\\${MODEL[name]}] ${rawId}`);
  if (method !== 'PATCH') return { status: 200, body: { data: present(store, name, current) } };

  const checked = validateWrite(store, name, 'update', normaliseInput(req.body), current);
  if (!checked.ok) return { status: 422, body: checked.failure };
  const record = store.update(name, current.id, checked.fields);
  return { status: 200, body: { data: present(store, name, record) }, applied: true };
}
