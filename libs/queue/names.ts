import { ENTITY_TYPES, type EntityType } from '../domain/types.js';

/** The queue that carries sync, dry-run and reconcile runs (one executing at a time across the fleet). */
export const RUNS_QUEUE = 'runs';

/** The schedule's ticks: each one requests a run (see libs/fleet/run/request-run.ts). */
export const SCHEDULE_QUEUE = 'schedule';

/** One queue per entity type, so operators see each kind of write apart and workers can be split by type. */
export function entityQueueName(type: EntityType): string {
  return `sync-${type}`;
}

export const ENTITY_QUEUE_NAMES: readonly string[] = ENTITY_TYPES.map(entityQueueName);

/** Titles for Bull Board and the dashboard, in the words operators use. */
export const QUEUE_TITLES: Record<string, string> = {
  [RUNS_QUEUE]: 'Sync runs',
  [SCHEDULE_QUEUE]: 'Schedule (each tick requests a run)',
  [entityQueueName('clusters')]: 'Departments & regions → site clusters',
  [entityQueueName('sites')]: 'Jobs → sites',
  [entityQueueName('titles')]: 'Job titles → user titles',
  [entityQueueName('users')]: 'Employees → users',
  [entityQueueName('assets')]: 'Vehicles → assets',
};
