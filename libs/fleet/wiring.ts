import type { PlanSettings } from '../domain/index.js';
import type { Config, ConfigOf } from '../platform/config.js';
import { createGraphReader } from '../sources/graph/index.js';
import { createSamsaraReader } from '../sources/samsara/index.js';
import { createVistaReader } from '../sources/vista/index.js';
import type { SourceReaders } from './source-readers.js';

/** Builds the fleet's parts from validated configuration; the apps only choose which parts they need. */

export function planSettingsFrom(sync: ConfigOf<'sync'>): PlanSettings {
  return {
    rootClusterName: sync.SYNC_ROOT_CLUSTER_NAME,
    rootClusterCode: sync.SYNC_ROOT_CLUSTER_CODE,
    defaultRoleName: sync.SYNC_DEFAULT_ROLE,
    vehicleAssetTypeId: sync.SYNC_VEHICLE_ASSET_TYPE_ID,
    defaultVehicleSiteId: sync.SYNC_VEHICLE_SITE_ID,
    defaultSiteState: sync.SYNC_DEFAULT_STATE,
    defaultZip: sync.SYNC_DEFAULT_ZIP,
    timezone: sync.SYNC_DEFAULT_TIMEZONE,
    country: sync.SYNC_COUNTRY,
    deactivationPolicy: sync.SYNC_DEACTIVATION_POLICY,
    maxDeactivationShare: sync.SYNC_MAX_DEACTIVATION_SHARE,
  };
}

export interface ClosableSourceReaders extends SourceReaders {
  close(): Promise<void>;
}

export function buildSourceReaders(config: Config<'vista' | 'graph' | 'samsara'>): ClosableSourceReaders {
  const v = config.vista;
  const vista = createVistaReader({
    server: v.VISTA_SERVER,
    port: v.VISTA_PORT,
    database: v.VISTA_DATABASE,
    user: v.VISTA_USER,
    password: v.VISTA_PASSWORD,
    encrypt: v.VISTA_ENCRYPT,
    trustServerCertificate: v.VISTA_TRUST_SERVER_CERTIFICATE,
    company: v.VISTA_COMPANY,
    recentJobWindowDays: v.VISTA_RECENT_JOB_DAYS,
    poolMax: v.VISTA_POOL_MAX,
    requestTimeoutMs: v.VISTA_REQUEST_TIMEOUT_MS,
  });
  const graph = createGraphReader({
    tenantId: config.graph.GRAPH_TENANT_ID,
    clientId: config.graph.GRAPH_CLIENT_ID,
    clientSecret: config.graph.GRAPH_CLIENT_SECRET,
    authorityUrl: config.graph.GRAPH_AUTHORITY_URL,
    baseUrl: config.graph.GRAPH_BASE_URL,
  });
  const samsara = createSamsaraReader({
    baseUrl: config.samsara.SAMSARA_BASE_URL,
    apiKey: config.samsara.SAMSARA_API_KEY,
  });
  return {
    vista,
    graph,
    samsara,
    close: async () => {
      await Promise.allSettled([vista.close(), graph.close(), samsara.close?.()]);
    },
  };
}
