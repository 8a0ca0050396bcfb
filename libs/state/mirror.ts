import type { ChainableCommander } from 'ioredis';
import type { EntityType, SafetyAmpSnapshot } from '../domain/types.js';
import type { RedisClient } from '../platform/redis-client.js';

type MirroredType = EntityType | 'roles' | 'assetTypes';
const SNAPSHOT_FIELDS: Record<MirroredType, keyof SafetyAmpSnapshot> = {
  clusters: 'clusters',
  sites: 'sites',
  titles: 'titles',
  users: 'users',
  assets: 'assets',
  roles: 'roles',
  assetTypes: 'assetTypes',
};

/**
 * The last known SafetyAmp state, kept in Redis: one hash per type (SafetyAmp id → record JSON), one index per
 * type (fleet key → SafetyAmp id) and one revision counter per key (how many times the fleet wrote it). Every
 * successful write updates it; a reconcile replaces the records from full listings. Plans read it instead of
 * listing SafetyAmp, which is what keeps a run with no change at zero calls.
 */
export class Mirror {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private recordsKey(type: MirroredType): string {
    return `${this.prefix}:mirror:${type}`;
  }

  /** The hash of fleet key → SafetyAmp id of a type (read by the create-intent script too). */
  keyIndexKey(type: EntityType): string {
    return `${this.prefix}:mirror:keys:${type}`;
  }

  private revisionsKey(type: EntityType): string {
    return `${this.prefix}:mirror:revisions:${type}`;
  }

  private get metaKey(): string {
    return `${this.prefix}:mirror:meta`;
  }

  /** True until the first reconcile has filled it. */
  async isEmpty(): Promise<boolean> {
    return (await this.redis.hget(this.metaKey, 'rebuiltAt')) === null;
  }

  async rebuiltAt(): Promise<string | null> {
    return this.redis.hget(this.metaKey, 'rebuiltAt');
  }

  /**
   * A stamp that moves whenever a record changes (a write, a reconcile): equal stamps mean the same records, so a
   * plan made against them can be reused while the sources are unchanged too.
   */
  async version(): Promise<string> {
    const [rebuiltAt, writes] = await this.redis.hmget(this.metaKey, 'rebuiltAt', 'writes');
    return `${rebuiltAt ?? '-'}#${writes ?? '0'}`;
  }

  async snapshot(): Promise<SafetyAmpSnapshot> {
    const types = Object.keys(SNAPSHOT_FIELDS) as MirroredType[];
    const values = await Promise.all(types.map((t) => this.redis.hvals(this.recordsKey(t))));
    const snapshot = {} as Record<keyof SafetyAmpSnapshot, unknown[]>;
    types.forEach((t, i) => {
      snapshot[SNAPSHOT_FIELDS[t]] = (values[i] ?? []).map((v) => JSON.parse(v) as unknown);
    });
    return snapshot as unknown as SafetyAmpSnapshot;
  }

  /** Replaces everything with full listings (reconcile). Key indexes are rebuilt by the next plan. */
  async replaceAll(snapshot: SafetyAmpSnapshot, now: Date): Promise<void> {
    const multi = this.redis.multi();
    for (const [type, field] of Object.entries(SNAPSHOT_FIELDS) as [
      MirroredType,
      keyof SafetyAmpSnapshot,
    ][]) {
      multi.del(this.recordsKey(type));
      const records = snapshot[field] as { id: number | string }[];
      for (let i = 0; i < records.length; i += 1_000) {
        const chunk = records.slice(i, i + 1_000);
        multi.hset(
          this.recordsKey(type),
          Object.fromEntries(chunk.map((r) => [String(r.id), JSON.stringify(r)])),
        );
      }
    }
    multi.hset(this.metaKey, 'rebuiltAt', now.toISOString()).hincrby(this.metaKey, 'writes', 1);
    await multi.exec();
  }

  /** Stores the record SafetyAmp returned after a write, and its fleet key. */
  async put(type: EntityType, key: string, record: { id: number | string }): Promise<void> {
    await this.putInto(this.redis.multi(), type, key, record).exec();
  }

  /** `put` as part of a caller's transaction, so that one write's bookkeeping costs one round trip. */
  putInto(
    multi: ChainableCommander,
    type: EntityType,
    key: string,
    record: { id: number | string },
  ): ChainableCommander {
    return this.bumpRevisionInto(
      multi
        .hset(this.recordsKey(type), String(record.id), JSON.stringify(record))
        .hset(this.keyIndexKey(type), key, String(record.id))
        .hincrby(this.metaKey, 'writes', 1),
      type,
      key,
    );
  }

  /**
   * Counts a write of this key (or a job that found nothing left to write). Job ids carry the revision a change
   * was planned against, so the same change planned after another write is a new job, never one swallowed by an
   * old completed job with the same id.
   */
  bumpRevisionInto(multi: ChainableCommander, type: EntityType, key: string): ChainableCommander {
    return multi.hincrby(this.revisionsKey(type), key, 1);
  }

  /** Revision of every key of a type that was ever written (absent keys are at revision 0). */
  async revisions(type: EntityType): Promise<Map<string, number>> {
    const raw = await this.redis.hgetall(this.revisionsKey(type));
    return new Map(Object.entries(raw).map(([key, n]) => [key, Number(n)]));
  }

  /** SafetyAmp id → fleet key of the records of a type the fleet has written (revision above 0). */
  async writtenKeysById(type: EntityType): Promise<Map<string, string>> {
    const [index, revisions] = await Promise.all([
      this.redis.hgetall(this.keyIndexKey(type)),
      this.redis.hgetall(this.revisionsKey(type)),
    ]);
    return new Map(
      Object.entries(index)
        .filter(([key]) => Number(revisions[key] ?? 0) > 0)
        .map(([key, id]) => [id, key]),
    );
  }

  async get<T>(type: EntityType, id: number | string): Promise<T | null> {
    const raw = await this.redis.hget(this.recordsKey(type), String(id));
    return raw ? (JSON.parse(raw) as T) : null;
  }

  /** Records the key → id index a plan derived (adopted records included). */
  async indexKeys(type: EntityType, index: Record<string, number | string>): Promise<void> {
    const entries = Object.entries(index);
    if (!entries.length) return;
    await this.redis.hset(
      this.keyIndexKey(type),
      Object.fromEntries(entries.map(([k, id]) => [k, String(id)])),
    );
  }

  /** How many keys of a type the fleet knows. */
  async size(type: EntityType): Promise<number> {
    return this.redis.hlen(this.keyIndexKey(type));
  }

  /** The SafetyAmp id of a fleet key, as a number for every type but users (whose ids are strings). */
  async idOf(type: EntityType, key: string): Promise<number | string | null> {
    const id = await this.redis.hget(this.keyIndexKey(type), key);
    if (id === null) return null;
    return type === 'users' ? id : Number(id);
  }
}
