import pRetry from 'p-retry';
import type { SaAsset, SaAssetType, SaCluster, SaRole, SaSite, SaTitle, SaUser } from '../domain/types.js';
import { parseClusterTree } from './cluster-tree.js';
import { createResolving, type CreateResolvingOptions } from './create-resolving.js';
import { SafetyAmpProtocolError, SafetyAmpRateLimited, SafetyAmpUnavailable } from './errors.js';
import { InProcessFilterTrust, type FilterTrust } from './filter-trust.js';
import { readListing, type ListingSource, type ParsedPage } from './listing.js';
import { parsePage } from './listing-page.js';
import { lookUp, type Lookup } from './lookup.js';
import { observeRateBudget } from './metrics.js';
import { parseRecord, type RecordOf, type Resource } from './record-schemas.js';
import { SafetyAmpTransport, type SafetyAmpTransportOptions } from './transport.js';
import type {
  ApiCall,
  BreakerState,
  SaAssetCreate,
  SaAssetPatch,
  SaClusterCreate,
  SaClusterPatch,
  SaSiteCreate,
  SaSitePatch,
  SaTitleCreate,
  SaUserCreate,
  SaUserPatch,
} from './types.js';

export interface SafetyAmpClientOptions extends SafetyAmpTransportOptions {
  /** Records asked for per listing page; the server may cap it lower. Default 100. */
  pageLimit?: number;
  /** Retries of a read after a 5xx, a lost connection or a timeout (p-retry, exponential with jitter). Default 3. */
  readRetries?: number;
  /** First retry delay of a read, doubled each time. Default 500 ms. */
  readRetryMinTimeoutMs?: number;
  /** 429s a listing waits out (through the fleet pause) before it gives up. Default 10. */
  listingRateLimitWaits?: number;
  /**
   * Where the client remembers which listing filters the tenant ignores. The fleet passes a RedisFilterTrust
   * (libs/fleet/wiring/safetyamp.ts), shared by every process; the default remembers for this process only.
   */
  filterTrust?: FilterTrust;
  /** Pages a listing may have at most when its `meta.total` gives no tighter bound. Default 10,000. */
  maxListingPages?: number;
}

type Listed = Exclude<Resource, 'site_clusters'>;

const norm = (text: string | null | undefined): string => (text ?? '').trim().toLowerCase();

/**
 * The one SafetyAmp client of the fleet. Every HTTP call takes a slot of the fleet-wide budget first. Reads are
 * retried on 5xx/network/timeout; writes never are: a write whose answer was lost throws SafetyAmpUnavailable
 * with `outcomeUnknown`, and the `create…Once` calls resolve that by looking the record up before creating again.
 * A 429 pauses the whole fleet for its Retry-After and throws SafetyAmpRateLimited (listings wait and go on).
 *
 * Answers are not taken on faith: records are checked (record-schemas.ts) and a listing that would be short or
 * endless fails with SafetyAmpProtocolError (listing.ts); lookups check every record against the key and fall
 * back to a scan when the server ignores a filter (lookup.ts).
 */
export class SafetyAmpClient {
  private readonly transport: SafetyAmpTransport;
  private readonly pageLimit: number;
  private readonly readRetries: number;
  private readonly readRetryMinTimeoutMs: number;
  private readonly listingRateLimitWaits: number;
  private readonly filterTrust: FilterTrust;
  private readonly maxListingPages: number;
  private readonly stopBudgetMetric: () => void;

  constructor(options: SafetyAmpClientOptions) {
    this.transport = new SafetyAmpTransport(options);
    this.pageLimit = options.pageLimit ?? 100;
    this.readRetries = options.readRetries ?? 3;
    this.readRetryMinTimeoutMs = options.readRetryMinTimeoutMs ?? 500;
    this.listingRateLimitWaits = options.listingRateLimitWaits ?? 10;
    this.filterTrust = options.filterTrust ?? new InProcessFilterTrust();
    this.maxListingPages = options.maxListingPages ?? 10_000;
    this.stopBudgetMetric = observeRateBudget(options.limiter);
  }

  /** State of the circuit breaker around SafetyAmp (also the `safetyamp_api_circuit_state` gauge). */
  breakerState(): BreakerState {
    return this.transport.breakerState();
  }

  /** Stops the breaker's timers and the budget metric. The limiter's Redis connection stays the caller's. */
  close(): void {
    this.transport.close();
    this.stopBudgetMetric();
  }

  // ------------------------------------------------------------------------------------------- reads

  /** All clusters, flattened depth-first from the tree, each with its `parent_cluster_id`. */
  async listClusters(): Promise<SaCluster[]> {
    const endpoint = '/api/site_clusters';
    const body = await this.read({ method: 'GET', path: endpoint, endpoint });
    return parseClusterTree(body, `GET ${endpoint}`);
  }

  listSites(): Promise<SaSite[]> {
    return readListing(this.listing('sites'));
  }

  listTitles(): Promise<SaTitle[]> {
    return readListing(this.listing('user_titles'));
  }

  listUsers(): Promise<SaUser[]> {
    return readListing(this.listing('users'));
  }

  listRoles(): Promise<SaRole[]> {
    return readListing(this.listing('roles'));
  }

  listAssetTypes(): Promise<SaAssetType[]> {
    return readListing(this.listing('asset_types'));
  }

  listAssets(): Promise<SaAsset[]> {
    return readListing(this.listing('assets'));
  }

  /** The user with exactly this emp_id, or null: `GET /api/users?emp_id=X` (one call) while the tenant honours it. */
  findUserByEmpId(empId: string): Promise<SaUser | null> {
    return this.lookUp('users', {
      filter: { param: 'emp_id', value: empId },
      matches: (user) => user.emp_id === empId,
    });
  }

  /** By external_code when given, else by name under the same parent. Reads the cluster tree (one call). */
  async findCluster(
    key: Pick<SaClusterCreate, 'name' | 'external_code' | 'parent_cluster_id'>,
  ): Promise<SaCluster | null> {
    const clusters = await this.listClusters();
    if (key.external_code) return clusters.find((c) => c.external_code === key.external_code) ?? null;
    const parent = key.parent_cluster_id ?? null;
    return clusters.find((c) => c.name === key.name && (c.parent_cluster_id ?? null) === parent) ?? null;
  }

  /** By external_code (the job number): `?external_code=X` while the tenant honours it, else a scan to the match. */
  findSiteByExternalCode(externalCode: string): Promise<SaSite | null> {
    return this.lookUp('sites', {
      filter: { param: 'external_code', value: externalCode },
      matches: (site) => site.external_code === externalCode,
    });
  }

  /**
   * By name, trimmed and case-insensitive: a scan to the first match. No server filter is tried: its case and
   * space rules would be the server's, so an empty answer would prove nothing; and titles fit in a page or two.
   */
  findTitleByName(name: string): Promise<SaTitle | null> {
    return this.lookUp('user_titles', { matches: (title) => norm(title.name) === norm(name) });
  }

  /** By serial: `?serial=X` while the tenant honours it, else a scan to the match. */
  findAssetBySerial(serial: string): Promise<SaAsset | null> {
    return this.lookUp('assets', {
      filter: { param: 'serial', value: serial },
      matches: (asset) => asset.serial === serial,
    });
  }

  // ------------------------------------------------------------------------------------------- writes

  createCluster(body: SaClusterCreate): Promise<SaCluster> {
    return this.write('site_clusters', 'POST', '/api/site_clusters', '/api/site_clusters', body);
  }

  createSite(body: SaSiteCreate): Promise<SaSite> {
    return this.write('sites', 'POST', '/api/sites', '/api/sites', body);
  }

  createTitle(body: SaTitleCreate): Promise<SaTitle> {
    return this.write('user_titles', 'POST', '/api/user_titles', '/api/user_titles', body);
  }

  createUser(body: SaUserCreate): Promise<SaUser> {
    return this.write('users', 'POST', '/api/users', '/api/users', body);
  }

  createAsset(body: SaAssetCreate): Promise<SaAsset> {
    return this.write('assets', 'POST', '/api/assets', '/api/assets', body);
  }

  updateCluster(id: number, patch: SaClusterPatch): Promise<SaCluster> {
    return this.write('site_clusters', 'PATCH', `/api/site_clusters/${id}`, '/api/site_clusters/:id', patch);
  }

  updateSite(id: number, patch: SaSitePatch): Promise<SaSite> {
    return this.write('sites', 'PATCH', `/api/sites/${id}`, '/api/sites/:id', patch);
  }

  updateUser(id: string, patch: SaUserPatch): Promise<SaUser> {
    return this.write('users', 'PATCH', `/api/users/${encodeURIComponent(id)}`, '/api/users/:id', patch);
  }

  updateAsset(id: number, patch: SaAssetPatch): Promise<SaAsset> {
    return this.write('assets', 'PATCH', `/api/assets/${id}`, '/api/assets/:id', patch);
  }

  // ------------------------------------------------------------------- writes that never duplicate

  /** Creates the cluster unless it exists (external_code, else name under the same parent) after a lost answer. */
  createClusterOnce(body: SaClusterCreate, options?: CreateResolvingOptions): Promise<SaCluster> {
    return createResolving(
      () => this.createCluster(body),
      () => this.findCluster(body),
      options,
    );
  }

  /** Creates the site unless one with its external_code exists after a lost answer. */
  createSiteOnce(
    body: SaSiteCreate & { external_code: string },
    options?: CreateResolvingOptions,
  ): Promise<SaSite> {
    return createResolving(
      () => this.createSite(body),
      () => this.findSiteByExternalCode(body.external_code),
      options,
    );
  }

  /** Creates the title unless one with its name (case-insensitive) exists after a lost answer. */
  createTitleOnce(body: SaTitleCreate, options?: CreateResolvingOptions): Promise<SaTitle> {
    return createResolving(
      () => this.createTitle(body),
      () => this.findTitleByName(body.name),
      options,
    );
  }

  /** Creates the user unless one with its emp_id exists after a lost answer (`GET /api/users?emp_id=X`). */
  createUserOnce(body: SaUserCreate, options?: CreateResolvingOptions): Promise<SaUser> {
    return createResolving(
      () => this.createUser(body),
      () => this.findUserByEmpId(body.emp_id),
      options,
    );
  }

  /** Creates the asset unless one with its serial exists after a lost answer. */
  createAssetOnce(body: SaAssetCreate, options?: CreateResolvingOptions): Promise<SaAsset> {
    return createResolving(
      () => this.createAsset(body),
      () => this.findAssetBySerial(body.serial),
      options,
    );
  }

  // ------------------------------------------------------------------------------------------ plumbing

  private read(call: ApiCall): Promise<unknown> {
    return pRetry(() => this.transport.send(call), {
      retries: this.readRetries,
      minTimeout: this.readRetryMinTimeoutMs,
      factor: 2,
      randomize: true,
      shouldRetry: ({ error }) => error instanceof SafetyAmpUnavailable,
    });
  }

  /** Pages of a listing, read one by one; a 429 pauses the fleet, and the page is asked again after the pause. */
  private listing<R extends Listed>(resource: R): ListingSource<RecordOf[R]> {
    const endpoint = `/api/${resource}`;
    return {
      endpoint: `GET ${endpoint}`,
      maxPages: this.maxListingPages,
      idOf: (record) => record.id,
      readPage: async (page) => {
        const call: ApiCall = {
          method: 'GET',
          path: `${endpoint}?page=${page}&limit=${this.pageLimit}`,
          endpoint,
        };
        for (let waits = 0; ; waits++) {
          try {
            return parsePage(resource, await this.read(call), `GET ${endpoint}`, `page ${page}`);
          } catch (error) {
            if (!(error instanceof SafetyAmpRateLimited) || waits >= this.listingRateLimitWaits) throw error;
          }
        }
      },
    };
  }

  private lookUp<R extends Listed>(
    resource: R,
    lookup: Omit<Lookup<RecordOf[R]>, 'resource'>,
  ): Promise<RecordOf[R] | null> {
    const endpoint = `/api/${resource}`;
    return lookUp(
      { resource, ...lookup },
      {
        trust: this.filterTrust,
        listing: this.listing(resource),
        readFiltered: async (param, value): Promise<ParsedPage<RecordOf[R]>> => {
          const query = new URLSearchParams({ [param]: value });
          const body = await this.read({ method: 'GET', path: `${endpoint}?${query}`, endpoint });
          return parsePage(resource, body, `GET ${endpoint}`, `filtered by ${param}`);
        },
      },
    );
  }

  /**
   * One write. A write is never retried here. An answer that names no usable record means the write was applied
   * but we cannot tell what it made: `outcomeUnknown`, so a create is looked up before it is sent again.
   */
  private async write<R extends Resource>(
    resource: R,
    method: 'POST' | 'PATCH',
    path: string,
    endpoint: string,
    body: object,
  ): Promise<RecordOf[R]> {
    const answer = (await this.transport.send({ method, path, endpoint, body })) as
      { data?: unknown } | undefined;
    try {
      return parseRecord(resource, answer?.data, `${method} ${endpoint}`, 'answer');
    } catch (error) {
      if (!(error instanceof SafetyAmpProtocolError)) throw error;
      throw new SafetyAmpUnavailable(`${error.message}: the write was applied, its record is unknown`, {
        outcomeUnknown: true,
        cause: error,
      });
    }
  }
}
