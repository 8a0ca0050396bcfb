import type { RateBudgetUsage } from '../safetyamp/rate-limiter.js';
import type { FleetControl, FleetQueues } from '../queue/index.js';
import type { FleetLogLevel } from '../platform/fleet-log-level.js';
import type { AuditTrail } from '../state/audit-trail.js';
import type { FleetCounters } from '../state/fleet-counters.js';
import type { DriftLog } from '../state/drift-log.js';
import type { OperatorActionLog } from '../state/operator-actions.js';
import type { RunRecords } from '../state/run-records.js';
import type { WorkerRegistry } from '../state/worker-registry.js';

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
  /** The fleet's Prometheus counters kept in Redis (runs, records, source reads). */
  counters: FleetCounters;
  /** Who changed the fleet from the dashboard, and when. */
  actions: OperatorActionLog;
  control: FleetControl;
  workers: WorkerRegistry;
  limiter: RateBudgetReader;
  rateBudget: RateBudget;
  /** The fleet-wide runtime log level (set by operators, followed by every process). */
  logLevel: FleetLogLevel;
  /** What the last reconcile found changed in SafetyAmp outside the fleet. */
  drift: DriftLog;
}
