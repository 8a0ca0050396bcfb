import type { RedisClient } from '../platform/redis-client.js';

/** One change a person made to the fleet from the dashboard, whether it was taken or refused. */
export interface OperatorAction {
  at: string;
  /** The signed-in user's name. */
  actor: string;
  role: string;
  /** The fleet action (`pause-fleet`, `retry-jobs`, `set-log-level`…). */
  action: string;
  /** What it applied to: a run id, `users/<job id>`, a queue, a log level; empty when the whole fleet. */
  target: string;
  /** The HTTP status it was answered with: 2xx taken, 4xx refused or not possible. */
  status: number;
}

const DAY_MS = 24 * 3600_000;

/**
 * Who did what to the fleet and when: a Redis stream under the key prefix, trimmed by age (HISTORY_RETENTION_DAYS)
 * on every append, never by count.
 */
export class OperatorActionLog {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly retentionMs = 30 * DAY_MS,
  ) {}

  private get key(): string {
    return `${this.prefix}:operator-actions`;
  }

  async record(action: Omit<OperatorAction, 'at'>): Promise<void> {
    const at = Date.now();
    const entry: OperatorAction = { at: new Date(at).toISOString(), ...action };
    // Exact trimming: an approximate one (`~`) keeps whole stream nodes, so a small log would never lose a day.
    const oldest = String(Math.max(0, at - this.retentionMs));
    await this.redis.xadd(this.key, 'MINID', oldest, '*', 'entry', JSON.stringify(entry));
  }

  /** Newest first. */
  async recent(limit = 50): Promise<OperatorAction[]> {
    const rows = await this.redis.xrevrange(this.key, '+', '-', 'COUNT', limit);
    return rows.map(([, fields]) => JSON.parse(fields[1] ?? '{}') as OperatorAction);
  }
}
