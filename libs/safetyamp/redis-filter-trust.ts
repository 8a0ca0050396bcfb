import type { FilterTrust } from './filter-trust.js';
import type { RedisClient } from '../platform/redis-client.js';

export interface RedisFilterTrustOptions {
  /** A connection of the caller's; never closed here. */
  connection: RedisClient;
  /** The SafetyAmp tenant (its Fqdn): what one tenant's server does says nothing about another's. */
  tenant: string;
  /** Redis key prefix (the queue prefix). Default `safetyamp`. Keys: `${prefix}:filter-ignored:${tenant}:${resource}`. */
  prefix?: string;
  /**
   * How long an ignored filter is remembered. Past it, one lookup tries the filter again (one call), so a server
   * that starts honouring it is noticed. Default 7 days.
   */
  rememberMs?: number;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The fleet's FilterTrust: shared by every process on the same Redis, prefix and tenant. */
export class RedisFilterTrust implements FilterTrust {
  private readonly connection: RedisClient;
  private readonly keyPrefix: string;
  private readonly rememberMs: number;

  constructor(options: RedisFilterTrustOptions) {
    this.connection = options.connection;
    this.keyPrefix = `${options.prefix ?? 'safetyamp'}:filter-ignored:${options.tenant}`;
    this.rememberMs = options.rememberMs ?? WEEK_MS;
    if (!Number.isInteger(this.rememberMs) || this.rememberMs < 1) {
      throw new Error(`rememberMs must be a positive integer, got ${String(options.rememberMs)}`);
    }
  }

  /** The Redis key of one resource's verdict. */
  keyOf(resource: string): string {
    return `${this.keyPrefix}:${resource}`;
  }

  async isIgnored(resource: string): Promise<boolean> {
    return (await this.connection.exists(this.keyOf(resource))) === 1;
  }

  async markIgnored(resource: string): Promise<void> {
    await this.connection.set(this.keyOf(resource), new Date().toISOString(), 'PX', this.rememberMs);
  }
}
