import type { DriftFinding } from '../domain/diff/find-drift.js';
import type { RedisClient } from '../platform/redis-client.js';

/** What the last reconcile found changed in SafetyAmp outside the fleet. */
export interface DriftReport {
  runId: string;
  foundAt: string;
  /** Every finding, however many were kept. */
  total: number;
  findings: DriftFinding[];
}

const KEEP = 5_000;

/** The drift the last reconcile found, one report per key prefix, replaced by every reconcile. */
export class DriftLog {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private get key(): string {
    return `${this.prefix}:drift:last`;
  }

  async record(runId: string, foundAt: Date, findings: readonly DriftFinding[]): Promise<void> {
    const report: DriftReport = {
      runId,
      foundAt: foundAt.toISOString(),
      total: findings.length,
      findings: findings.slice(0, KEEP),
    };
    await this.redis.set(this.key, JSON.stringify(report));
  }

  async last(): Promise<DriftReport | null> {
    const raw = await this.redis.get(this.key);
    return raw ? (JSON.parse(raw) as DriftReport) : null;
  }
}
