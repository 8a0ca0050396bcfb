import type { EntityType } from '../domain/types.js';

/** The queue that carries sync and reconcile runs (one active at a time across the fleet). */
export const RUNS_QUEUE = 'runs';

/** One queue per entity type, so operators see each kind of write apart and workers can be split by type. */
export function entityQueueName(type: EntityType): string {
  return `sync-${type}`;
}

/** Titles for Bull Board and the dashboard, in the words operators use. */
export const QUEUE_TITLES: Record<string, string> = {
  [RUNS_QUEUE]: 'Sync runs',
  'sync-clusters': 'Departments & regions → site clusters',
  'sync-sites': 'Jobs → sites',
  'sync-titles': 'Job titles → user titles',
  'sync-users': 'Employees → users',
  'sync-assets': 'Vehicles → assets',
};
