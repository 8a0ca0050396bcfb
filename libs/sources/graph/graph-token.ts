import { AuthError, ConfidentialClientApplication, LogLevel, ServerError } from '@azure/msal-node';
import type { INetworkModule } from '@azure/msal-node';
import { createLogger } from '../../platform/logger.js';
import { GraphAuthError, GraphUnreachableError } from './graph-errors.js';

const log = createLogger('graph');

/** Hosts of Microsoft's own clouds: MSAL discovers and validates these itself. */
const MICROSOFT_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoft.com',
  'login.windows.net',
  'sts.windows.net',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
]);

export interface GraphTokenOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** e.g. `https://login.microsoftonline.com`; the tenant is appended. */
  authorityUrl: string;
  /** e.g. `https://graph.microsoft.com`; the scope is `${baseUrl}/.default`. */
  baseUrl: string;
  networkModule: INetworkModule;
  /** Why the network module's last request failed, to name the cause MSAL does not. */
  lastNetworkFailure?: () => string | undefined;
}

/** Client-credentials access tokens for Graph, held in MSAL's own cache until they near expiry. */
export interface GraphTokenSource {
  /** The cached token, or a new one; `refresh` bypasses the cache (after Graph rejected the cached one). */
  get(refresh?: boolean): Promise<string>;
}

export function createGraphTokenSource(options: GraphTokenOptions): GraphTokenSource {
  const authority = `${options.authorityUrl.replace(/\/+$/, '')}/${options.tenantId}`;
  const host = new URL(authority).host.toLowerCase();
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      authority,
      // Any other authority (a sovereign proxy, the simulator) is trusted as configured instead of being
      // checked against Microsoft's instance discovery, which would need the internet.
      knownAuthorities: MICROSOFT_AUTHORITY_HOSTS.has(host) ? [] : [host],
    },
    system: {
      networkClient: options.networkModule,
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        // MSAL warns about routine things (no client_info on a client-credentials token): debug only.
        loggerCallback: (level, message) => {
          if (level === LogLevel.Error) log.warn('msal', { msal: message });
          else log.debug('msal', { msal: message });
        },
      },
    },
  });
  const scopes = [`${options.baseUrl.replace(/\/+$/, '')}/.default`];

  return {
    async get(refresh = false) {
      try {
        const result = await app.acquireTokenByClientCredential({ scopes, skipCache: refresh });
        if (!result?.accessToken) throw new GraphAuthError('Entra ID returned no access token');
        return result.accessToken;
      } catch (error) {
        throw toGraphError(error, options.tenantId, options.lastNetworkFailure?.());
      }
    },
  };
}

function toGraphError(error: unknown, tenantId: string, networkFailure: string | undefined): Error {
  if (error instanceof GraphAuthError) return error;
  if (error instanceof AuthError) {
    if (error.errorCode === 'network_error' || error.errorCode === 'endpoints_resolution_error') {
      return new GraphUnreachableError(
        `Entra ID token authority for tenant ${tenantId} unreachable: ${error.errorCode}` +
          (networkFailure ? `, ${networkFailure}` : ''),
        { cause: error },
      );
    }
    const detail = (error.errorMessage || error.errorCode).split('\n')[0];
    // A 5xx is the authority failing, not refusing: the credentials may be fine. MSAL then holds its requests
    // back for the answer's Retry-After (60 s without one) in this process, replaying the error without a status.
    if (error instanceof ServerError && (error.status === undefined || error.status >= 500)) {
      return new GraphUnreachableError(
        `Entra ID token authority for tenant ${tenantId} failed (${error.status ?? 'held back after a 5xx'}, ${error.errorCode}): ${detail}`,
        { cause: error },
      );
    }
    return new GraphAuthError(
      `Entra ID refused a token for tenant ${tenantId} (${error.errorCode}): ${detail}`,
      undefined,
      { cause: error },
    );
  }
  return new GraphUnreachableError(`Entra ID token request failed: ${String(error)}`, { cause: error });
}
