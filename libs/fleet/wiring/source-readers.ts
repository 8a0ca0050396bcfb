import type { Config } from '../../platform/config.js';
import { createGraphReader } from '../../sources/graph/index.js';
import { createSamsaraReader } from '../../sources/samsara/index.js';
import { createVistaReader } from '../../sources/vista/index.js';
import type { ClosableSourceReaders } from './lazy-source-readers.js';

/** Builds the source readers from validated configuration (loaded on demand, see lazy-source-readers.ts). */
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
    breaker: { resetTimeoutMs: v.VISTA_BREAKER_RESET },
    // Above a one-minute schedule's interval: each run's fingerprint finds a logged-in connection.
    poolIdleTimeoutMs: 150_000,
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
