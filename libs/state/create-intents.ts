import type { ChainableCommander } from 'ioredis';
import type { EntityType } from '../domain/types.js';
import { luaScript } from '../platform/lua-script.js';
import type { Mirror } from './mirror.js';
import type { RedisClient } from '../platform/redis-client.js';

const OPEN_CREATE_INTENT = luaScript(import.meta.url, 'open-create-intent');

/** A create that may have been sent: what was to be created, by which job, since when. */
export interface CreateIntent {
  fingerprint: string;
  jobId: string;
  openedAt: string;
}

/** What a worker may do before it sends a create. */
export type CreateGuard =
  /** The mirror already holds the key: nothing to create (plan the record again instead). */
  | { kind: 'exists'; id: string }
  /** The intent is open; `earlier` is set when a create of this key may have been sent before. */
  | { kind: 'opened'; earlier: CreateIntent | null };

interface IntentCommands {
  safetyampOpenCreateIntent(
    keyIndex: string,
    intentKey: string,
    key: string,
    intent: string,
    ttlMs: number,
  ): Promise<[string, string]>;
}

/**
 * Durable create intents: no create is sent without one. A create opens its key's intent first; the intent closes
 * in the same transaction that records the answer in the mirror. While an intent is open — the answer was lost,
 * the worker died, Redis went away before the answer was recorded — any later create of that key (a retry, a job
 * recovered by another worker, the next run, a manual retry) looks the record up before it sends anything, so the
 * fleet never relies on SafetyAmp to refuse a duplicate.
 */
export class CreateIntents {
  private readonly redis: RedisClient & IntentCommands;

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
    private readonly mirror: Mirror,
    /** How long an unanswered intent lives: longer than any job keeps retrying or sits in the failed set. */
    private readonly ttlMs: number,
  ) {
    const commands = redis as RedisClient & Partial<IntentCommands>;
    if (!commands.safetyampOpenCreateIntent)
      redis.defineCommand('safetyampOpenCreateIntent', { lua: OPEN_CREATE_INTENT, numberOfKeys: 2 });
    this.redis = redis as RedisClient & IntentCommands;
  }

  private key(type: EntityType, key: string): string {
    return `${this.prefix}:intent:${type}:${key}`;
  }

  async open(type: EntityType, key: string, intent: CreateIntent): Promise<CreateGuard> {
    const [kind, value] = await this.redis.safetyampOpenCreateIntent(
      this.mirror.keyIndexKey(type),
      this.key(type, key),
      key,
      JSON.stringify(intent),
      this.ttlMs,
    );
    if (kind === 'exists') return { kind: 'exists', id: value };
    return { kind: 'opened', earlier: value ? (JSON.parse(value) as CreateIntent) : null };
  }

  /** Closes the intent as part of the transaction that records the created record. */
  closeInto(multi: ChainableCommander, type: EntityType, key: string): ChainableCommander {
    return multi.del(this.key(type, key));
  }

  async get(type: EntityType, key: string): Promise<CreateIntent | null> {
    const raw = await this.redis.get(this.key(type, key));
    return raw ? (JSON.parse(raw) as CreateIntent) : null;
  }
}
