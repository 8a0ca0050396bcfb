import { luaScript } from '../platform/lua-script.js';
import type { RedisClient } from '../platform/redis-client.js';

const GIVE_BACK = luaScript(import.meta.url, 'give-back-report-claim');

interface ClaimCommands {
  safetyampGiveBackReportClaim(key: string, claimed: string, before: string): Promise<number>;
}

/** A claim on reporting one state: `before` is the fingerprint it replaced (null: none was reported). */
export interface ReportClaim {
  fingerprint: string;
  before: string | null;
}

/**
 * The fingerprint of the last state of a subject the run report went out for (`unsynced`: the invalid, failed
 * and skipped records; `drift`: what a reconcile found changed outside the fleet), one per key prefix and subject:
 * whichever process finishes a run, the report of a state goes out once, fleet-wide.
 */
export class ReportedFingerprint {
  private readonly redis: RedisClient & ClaimCommands;

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
    private readonly subject: 'unsynced' | 'drift',
  ) {
    if (!(redis as RedisClient & Partial<ClaimCommands>).safetyampGiveBackReportClaim)
      redis.defineCommand('safetyampGiveBackReportClaim', { lua: GIVE_BACK, numberOfKeys: 1 });
    this.redis = redis as RedisClient & ClaimCommands;
  }

  private get key(): string {
    return `${this.prefix}:run-report:reported:${this.subject}`;
  }

  /**
   * Swaps in `fingerprint` atomically (SET … GET) and answers the claim when it differs from the one reported
   * last; null when that state was already reported (by this process or another). No fingerprint yet counts as
   * `emptyFingerprint`, so a fleet that starts clean reports nothing.
   */
  async claim(fingerprint: string, emptyFingerprint: string): Promise<ReportClaim | null> {
    const before = await this.redis.set(this.key, fingerprint, 'GET');
    if ((before ?? emptyFingerprint) === fingerprint) return null;
    return { fingerprint, before };
  }

  /** The report of a claim could not be delivered: the next run in this state tries again. */
  async giveBack(claim: ReportClaim): Promise<boolean> {
    return (
      (await this.redis.safetyampGiveBackReportClaim(this.key, claim.fingerprint, claim.before ?? '')) === 1
    );
  }
}
