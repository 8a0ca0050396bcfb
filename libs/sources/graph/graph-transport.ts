import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { Agent, fetch } from 'undici';
import type { Dispatcher, Response } from 'undici';
import { describeFetchFailure } from '../http/describe-fetch-failure.js';

/**
 * The HTTPS connection pool the Graph reader uses for both the token authority (through MSAL) and the
 * Graph API. With `ca` it trusts that certificate authority in addition to the system's (an in-process
 * test trusting a simulator); without it, deployments rely on `NODE_EXTRA_CA_CERTS`.
 */
export interface GraphTransport {
  /** The pool, for the Graph API requests. */
  readonly dispatcher: Dispatcher;
  /** MSAL's network client over the same pool. */
  readonly msalNetworkModule: INetworkModule;
  /** Why MSAL's last request got no answer (MSAL itself reports only "network_error"). */
  lastMsalFailure(): string | undefined;
  close(): Promise<void>;
}

export function createGraphTransport(options: { ca?: string; timeoutMs: number }): GraphTransport {
  const dispatcher: Dispatcher = new Agent(options.ca ? { connect: { ca: options.ca } } : {});
  let lastFailure: string | undefined;
  const send = async (
    url: string,
    init: { method: string; headers?: Record<string, string>; body?: string },
  ) => {
    try {
      const response = await fetch(url, {
        ...init,
        dispatcher,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      lastFailure = undefined;
      return response;
    } catch (error) {
      lastFailure = describeFetchFailure(error);
      throw error;
    }
  };

  const msalNetworkModule: INetworkModule = {
    async sendGetRequestAsync<T>(url: string, request?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      return toMsalResponse<T>(await send(url, { method: 'GET', headers: request?.headers }));
    },
    async sendPostRequestAsync<T>(url: string, request?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      return toMsalResponse<T>(
        await send(url, { method: 'POST', headers: request?.headers, body: request?.body ?? '' }),
      );
    },
  };

  return {
    dispatcher,
    msalNetworkModule,
    lastMsalFailure: () => lastFailure,
    close: () => dispatcher.close(),
  };
}

async function toMsalResponse<T>(response: Response): Promise<NetworkResponse<T>> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    // MSAL reads `error`/`error_description` from the body; a proxy's HTML page becomes a readable error.
    body = { error: 'invalid_response', error_description: `HTTP ${response.status}, body is not JSON` };
  }
  return { status: response.status, headers, body: body as T };
}
