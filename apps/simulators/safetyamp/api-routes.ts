import type { StoredRecord } from './collection.js';
import type { ListingLies, RecordLies } from './faults/settings.js';
import { serveListing } from './listing.js';
import type { ListingOptions } from './listing.js';
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

/** The faults that change how a request is served (rather than whether it is answered). */
export interface ServeBehaviour {
  /** No uniqueness rules. */
  lenient?: boolean;
  listingLies?: ListingLies;
  recordLies?: RecordLies;
}

/** The answer, free of any web framework. `applied` is true when a write changed the store. */
export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  applied?: boolean;
  /** The injected fault this answer is, when it is one (for the call log). */
  fault?: string;
}

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

/** Serves one `/api` request against the store. */
export function handleApiRequest(
  store: SafetyAmpStore,
  opts: ListingOptions,
  req: ApiRequest,
  behaviour: ServeBehaviour = {},
): ApiAnswer {
  const rules = { lenient: behaviour.lenient };
  const segments = req.path.split('/').filter((s) => s !== '');
  const name = segments[0] as CollectionName;
  const method = req.method.toUpperCase();
  if (segments.length === 0 || segments.length > 2 || !(COLLECTIONS as readonly string[]).includes(name)) {
    return message(404, `The route api${req.path} could not be found.`);
  }

  if (segments.length === 1) {
    const allowed = ['GET', 'HEAD', ...(CREATABLE.has(name) ? ['POST'] : [])];
    if (method === 'GET' || method === 'HEAD') {
      return serveListing(store, name, req.query, opts, behaviour.listingLies, behaviour.recordLies);
    }
    if (method !== 'POST' || !CREATABLE.has(name)) return methodNotAllowed(method, req.path, allowed);
    const checked = validateWrite(store, name, 'create', normaliseInput(req.body), undefined, rules);
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

  const checked = validateWrite(store, name, 'update', normaliseInput(req.body), current, rules);
  if (!checked.ok) return { status: 422, body: checked.failure };
  const record = store.update(name, current.id, checked.fields);
  return { status: 200, body: { data: present(store, name, record) }, applied: true };
}
