import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  startSafetyAmpSimulator,
  type RunningSafetyAmpSimulator,
  type SafetyAmpSeed,
  type SafetyAmpSimulatorOptions,
} from '../../apps/simulators/safetyamp/server.js';
import {
  RedisFilterTrust,
  RedisRateLimiter,
  SafetyAmpClient,
  type SafetyAmpClientOptions,
} from '../../libs/safetyamp/index.js';
import { TEST_REDIS_URL } from './redis-url.js';

export interface SafetyAmpClientRigOptions {
  /** Names the Redis prefix of each test: `test:<name>:<uuid>`. */
  name: string;
  seed: () => SafetyAmpSeed;
  /** What every simulator of the file starts with, before each `start`'s own options. */
  simulator?: SafetyAmpSimulatorOptions;
  /** What every client of the file gets, before each `client`'s own overrides. */
  client?: Partial<SafetyAmpClientOptions>;
  /** The budget of each client's limiter (default 1,000 calls a second: never the limit under test). */
  limit?: { max: number; windowMs: number };
}

/**
 * A SafetyAmp simulator over TCP and the fleet's real clients to it, their budget and what they learn about
 * filters kept in the real Redis under a prefix of their own. `useSafetyAmpClientRig` gives one per test.
 */
export class SafetyAmpClientRig {
  private current?: { sim?: RunningSafetyAmpSimulator; redis: Redis; prefix: string };
  private readonly clients: SafetyAmpClient[] = [];
  private readonly closers: (() => Promise<void>)[] = [];

  constructor(private readonly options: SafetyAmpClientRigOptions) {}

  get sim(): RunningSafetyAmpSimulator {
    const sim = this.test().sim;
    if (!sim) throw new Error('start the simulator first');
    return sim;
  }

  get redis(): Redis {
    return this.test().redis;
  }

  get prefix(): string {
    return this.test().prefix;
  }

  begin(): void {
    this.current = { redis: new Redis(TEST_REDIS_URL), prefix: `test:${this.options.name}:${randomUUID()}` };
  }

  async start(options: SafetyAmpSimulatorOptions = {}): Promise<RunningSafetyAmpSimulator> {
    const sim = await startSafetyAmpSimulator({
      seed: this.options.seed(),
      rateLimit: null,
      ...this.options.simulator,
      ...options,
    });
    this.test().sim = sim;
    return sim;
  }

  limiter(limit = this.options.limit ?? { max: 1_000, windowMs: 1_000 }): RedisRateLimiter {
    return new RedisRateLimiter({
      connection: this.redis,
      prefix: this.prefix,
      tenant: this.sim.fqdn,
      ...limit,
    });
  }

  filterTrust(): RedisFilterTrust {
    return new RedisFilterTrust({ connection: this.redis, prefix: this.prefix, tenant: this.sim.fqdn });
  }

  client(overrides: Partial<SafetyAmpClientOptions> = {}, limiter = this.limiter()): SafetyAmpClient {
    const client = new SafetyAmpClient({
      baseUrl: this.sim.url,
      token: this.sim.token,
      fqdn: this.sim.fqdn,
      limiter,
      ...this.options.client,
      ...overrides,
    });
    this.clients.push(client);
    return client;
  }

  /** The requests the simulator served, optionally only those of one method and path. */
  calls(method?: string, path?: string): ReturnType<RunningSafetyAmpSimulator['calls']> {
    return this.sim.calls().filter((c) => (!method || c.method === method) && (!path || c.path === path));
  }

  onClose(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  async end(): Promise<void> {
    const current = this.test();
    this.current = undefined;
    for (const client of this.clients.splice(0)) client.close();
    for (const close of this.closers.splice(0)) await close();
    await current.sim?.close();
    const keys = await current.redis.keys(`${current.prefix}:*`);
    if (keys.length) await current.redis.del(...keys);
    await current.redis.quit();
  }

  private test(): NonNullable<SafetyAmpClientRig['current']> {
    if (!this.current) throw new Error('the rig is used outside a test');
    return this.current;
  }
}

/** A fresh rig for every test of the enclosing `describe`, closed after it whether it passed or not. */
export function useSafetyAmpClientRig(options: SafetyAmpClientRigOptions): SafetyAmpClientRig {
  const rig = new SafetyAmpClientRig(options);
  beforeEach(() => rig.begin());
  afterEach(() => rig.end());
  return rig;
}
