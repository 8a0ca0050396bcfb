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
