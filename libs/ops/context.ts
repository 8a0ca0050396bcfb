import type { RateBudgetUsage } from '../safetyamp/rate-limiter.js';
import type { FleetControl, FleetQueues } from '../queue/index.js';
import type { AuditTrail } from '../state/audit-trail.js';
import type { FleetCounters } from '../state/fleet-counters.js';
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
  control: FleetControl;
  workers: WorkerRegistry;
  limiter: RateBudgetReader;
  rateBudget: RateBudget;
}
