import type { Config } from '../../platform/config.js';

/** The configuration sections a producer, a worker and `fleet sync` read. */
export const FLEET_SECTIONS = [
  'redis',
  'logging',
  'safetyamp',
  'vista',
  'graph',
  'samsara',
  'sync',
  'worker',
  'report',
] as const;

export type FleetConfig = Config<(typeof FLEET_SECTIONS)[number]>;

/** How long failed jobs are kept, by age: FAILED_JOB_RETENTION_DAYS, else the history's HISTORY_RETENTION_DAYS. */
export function failedJobRetentionDays(config: Config<'sync' | 'worker'>): number {
  return config.worker.FAILED_JOB_RETENTION_DAYS ?? config.sync.HISTORY_RETENTION_DAYS;
}
