import type { FleetControl, FleetQueues } from '../queue/index.js';
import type { AuditTrail, RunRecords, WorkerRegistry } from '../state/index.js';

/** The rate budget in use right now, as the SafetyAmp client's `RedisRateLimiter.usage()` reports it. */
export interface RateBudgetUsage {
  used: number;
  max: number;
  windowMs: number;
  pausedForMs: number;
}

/** Reads the fleet-wide rate budget without taking a slot (the composition root passes the real limiter). */
export interface RateBudgetReader {
  usage(): Promise<RateBudgetUsage>;
}

/** The configured SafetyAmp budget: `max` calls per `windowMs`. */
export interface RateBudget {
  max: number;
  windowMs: number;
}

/** Everything the ops handlers read or drive. */
export interface OpsContext {
  queues: FleetQueues;
  runRecords: RunRecords;
  audit: AuditTrail;
  control: FleetControl;
  workers: WorkerRegistry;
  limiter: RateBudgetReader;
  rateBudget: RateBudget;
}

export type DashboardRole = 'operator' | 'viewer';

/** Who asks: handlers mask personal data for viewers and name the operator on what they trigger. */
export interface OpsActor {
  name: string;
  role: DashboardRole;
}
