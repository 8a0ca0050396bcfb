import { luaScript } from '../platform/lua-script.js';
import type { RedisClient } from '../platform/redis-client.js';

const GIVE_BACK = luaScript(import.meta.url, 'give-back-report-claim');

interface ClaimCommands {
  safetyampGiveBackReportClaim(key: string, claimed: string, before: string): Promise<number>;
}

/** A claim on reporting one unsynced set: `before` is the fingerprint it replaced (null: none was reported). */
export interface ReportClaim {
  fingerprint: string;
  before: string | null;
}

/**
 * The fingerprint of the last unsynced set (invalid, failed, skipped records) the run report went out for, one
 * per key prefix: whichever process finishes a run, the report of a set goes out once, fleet-wide.
 */
export class ReportedUnsyncedSet {
  private readonly redis: RedisClient & ClaimCommands;

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
  ) {
    if (!(redis as RedisClient & Partial<ClaimCommands>).safetyampGiveBackReportClaim)
      redis.defineCommand('safetyampGiveBackReportClaim', { lua: GIVE_BACK, numberOfKeys: 1 });
    this.redis = redis as RedisClient & ClaimCommands;
  }

  private get key(): string {
    return `${this.prefix}:run-report:reported-set`;
  }

  /**
   * Swaps in `fingerprint` atomically (SET … GET) and answers the claim when it differs from the one reported
   * last; null when that set was already reported (by this process or another). No fingerprint yet counts as
   * the empty set's, so a fleet that starts clean reports nothing.
   */
  async claim(fingerprint: string, emptyFingerprint: string): Promise<ReportClaim | null> {
    const before = await this.redis.set(this.key, fingerprint, 'GET');
    if ((before ?? emptyFingerprint) === fingerprint) return null;
    return { fingerprint, before };
  }

  /** The report of a claim could not be delivered: the next run with this set tries again. */
  async giveBack(claim: ReportClaim): Promise<boolean> {
    return (
      (await this.redis.safetyampGiveBackReportClaim(this.key, claim.fingerprint, claim.before ?? '')) === 1
    );
  }
}
