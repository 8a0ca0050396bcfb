import pRetry from 'p-retry';
import type { SaAsset, SaAssetType, SaCluster, SaRole, SaSite, SaTitle, SaUser } from '../domain/types.js';
import { flattenClusterTree } from './cluster-tree.js';
import { createResolving, type CreateResolvingOptions } from './create-resolving.js';
import { SafetyAmpConfigurationError, SafetyAmpRateLimited, SafetyAmpUnavailable } from './errors.js';
import { readListing } from './listing.js';
import { observeRateBudget } from './metrics.js';
import { SafetyAmpTransport, type SafetyAmpTransportOptions } from './transport.js';
import type {
  ApiCall,
  BreakerState,
  ListingPage,
  SaAssetCreate,
  SaAssetPatch,
  SaClusterCreate,
  SaClusterNode,
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
}

type Listed = 'sites' | 'user_titles' | 'users' | 'roles' | 'asset_types' | 'assets';

const norm = (text: string | null | undefined): string => (text ?? '').trim().toLowerCase();

/**
 * The one SafetyAmp client of the fleet. Every HTTP call takes a slot of the fleet-wide budget first. Reads are
 * retried on 5xx/network/timeout; writes never are: a write whose answer was lost throws SafetyAmpUnavailable
 * with `outcomeUnknown`, and the `create…Once` calls resolve that by looking the record up before creating again.
 * A 429 pauses the whole fleet for its Retry-After and throws SafetyAmpRateLimited (listings wait and go on).
 */
export class SafetyAmpClient {
  private readonly transport: SafetyAmpTransport;
  private readonly pageLimit: number;
  private readonly readRetries: number;
  private readonly readRetryMinTimeoutMs: number;
  private readonly listingRateLimitWaits: number;
  private readonly stopBudgetMetric: () => void;

  constructor(options: SafetyAmpClientOptions) {
    this.transport = new SafetyAmpTransport(options);
    this.pageLimit = options.pageLimit ?? 100;
    this.readRetries = options.readRetries ?? 3;
    this.readRetryMinTimeoutMs = options.readRetryMinTimeoutMs ?? 500;
    this.listingRateLimitWaits = options.listingRateLimitWaits ?? 10;
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
    const body = await this.read({
      method: 'GET',
      path: '/api/site_clusters',
      endpoint: '/api/site_clusters',
    });
    return flattenClusterTree(listingData<SaClusterNode>(body, '/api/site_clusters').data);
  }

  listSites(): Promise<SaSite[]> {
    return this.list<SaSite>('sites');
  }

  listTitles(): Promise<SaTitle[]> {
    return this.list<SaTitle>('user_titles');
  }

  listUsers(): Promise<SaUser[]> {
    return this.list<SaUser>('users');
  }

  listRoles(): Promise<SaRole[]> {
    return this.list<SaRole>('roles');
  }

  listAssetTypes(): Promise<SaAssetType[]> {
    return this.list<SaAssetType>('asset_types');
  }

  listAssets(): Promise<SaAsset[]> {
    return this.list<SaAsset>('assets');
  }

  /** The user with exactly this emp_id, or null: one call (`GET /api/users?emp_id=X`). */
  async findUserByEmpId(empId: string): Promise<SaUser | null> {
    const query = new URLSearchParams({ emp_id: empId });
    const body = await this.read({ method: 'GET', path: `/api/users?${query}`, endpoint: '/api/users' });
    return listingData<SaUser>(body, '/api/users').data.find((user) => user.emp_id === empId) ?? null;
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

  /** By external_code (the job number). Reads the whole sites listing. */
  async findSiteByExternalCode(externalCode: string): Promise<SaSite | null> {
    return (await this.listSites()).find((site) => site.external_code === externalCode) ?? null;
  }

  /** By name, trimmed and case-insensitive. Reads the whole titles listing. */
  async findTitleByName(name: string): Promise<SaTitle | null> {
    return (await this.listTitles()).find((title) => norm(title.name) === norm(name)) ?? null;
  }

  /** By serial. Reads the whole assets listing. */
  async findAssetBySerial(serial: string): Promise<SaAsset | null> {
    return (await this.listAssets()).find((asset) => asset.serial === serial) ?? null;
  }

  // ------------------------------------------------------------------------------------------- writes

  createCluster(body: SaClusterCreate): Promise<SaCluster> {
    return this.write('POST', '/api/site_clusters', '/api/site_clusters', body);
  }

  createSite(body: SaSiteCreate): Promise<SaSite> {
    return this.write('POST', '/api/sites', '/api/sites', body);
  }

  createTitle(body: SaTitleCreate): Promise<SaTitle> {
    return this.write('POST', '/api/user_titles', '/api/user_titles', body);
  }

  createUser(body: SaUserCreate): Promise<SaUser> {
    return this.write('POST', '/api/users', '/api/users', body);
  }

  createAsset(body: SaAssetCreate): Promise<SaAsset> {
    return this.write('POST', '/api/assets', '/api/assets', body);
  }

  updateCluster(id: number, patch: SaClusterPatch): Promise<SaCluster> {
    return this.write('PATCH', `/api/site_clusters/${id}`, '/api/site_clusters/:id', patch);
  }

  updateSite(id: number, patch: SaSitePatch): Promise<SaSite> {
    return this.write('PATCH', `/api/sites/${id}`, '/api/sites/:id', patch);
  }

  updateUser(id: string, patch: SaUserPatch): Promise<SaUser> {
    return this.write('PATCH', `/api/users/${encodeURIComponent(id)}`, '/api/users/:id', patch);
  }

  updateAsset(id: number, patch: SaAssetPatch): Promise<SaAsset> {
    return this.write('PATCH', `/api/assets/${id}`, '/api/assets/:id', patch);
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

  private list<T extends { id: number | string }>(resource: Listed): Promise<T[]> {
    const endpoint = `/api/${resource}`;
    return readListing<T>(endpoint, async (page) => {
      const call: ApiCall = {
        method: 'GET',
        path: `${endpoint}?page=${page}&limit=${this.pageLimit}`,
        endpoint,
      };
      // A 429 has paused the fleet: the next read waits that pause out in the limiter, then asks for the same page.
      for (let waits = 0; ; waits++) {
        try {
          return listingData<T>(await this.read(call), endpoint);
        } catch (error) {
          if (!(error instanceof SafetyAmpRateLimited) || waits >= this.listingRateLimitWaits) throw error;
        }
      }
    });
  }

  private async write<T>(method: 'POST' | 'PATCH', path: string, endpoint: string, body: object): Promise<T> {
    const answer = (await this.transport.send({ method, path, endpoint, body })) as
      { data?: unknown } | undefined;
    if (!answer || typeof answer.data !== 'object' || answer.data === null) {
      // It was applied, but we cannot tell what was made: the caller must look it up.
      throw new SafetyAmpUnavailable(`${method} ${endpoint}: answer without a record`, {
        outcomeUnknown: true,
      });
    }
    return answer.data as T;
  }
}

function listingData<T>(body: unknown, endpoint: string): ListingPage<T> {
  const page = body as ListingPage<T> | undefined;
  if (!page || !Array.isArray(page.data)) {
    throw new SafetyAmpConfigurationError(`GET ${endpoint}: answer has no data list`);
  }
  return page;
}
