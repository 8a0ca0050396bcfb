import { z } from 'zod';
import type { EntityType } from './types.js';

/**
 * What the original hard-coded, as settings (domain.md §11.13). The Vista company and the recent-job window
 * are the Vista reader's parameters, not the plan's: its rows arrive already filtered.
 */
export interface PlanSettings {
  /** Name of the company's root site cluster. */
  rootClusterName: string;
  /** external_code given to the root cluster (the real root may carry none; it is adopted by name then). */
  rootClusterCode: string;
  /** Role every synced user holds, when SafetyAmp has a role of that name. */
  defaultRoleName: string;
  /** SafetyAmp asset type of Samsara vehicles. */
  vehicleAssetTypeId: number;
  /** Site of a vehicle whose driver has no home site. */
  defaultVehicleSiteId: number;
  /** State of a new site whose job has no ship state. */
  defaultSiteState: string;
  /** Zip of a new site whose job has no (valid) ship zip. */
  defaultZip: string;
  /** Time zone of new sites and users. */
  timezone: string;
  /** Country of sites and users; US zips are checked only when it is 'US'. */
  country: string;
  /** What happens to an active SafetyAmp user whose emp_id Vista no longer lists as active. */
  deactivationPolicy: 'deactivate' | 'ignore';
  /** The mass-change guard blocks a plan deactivating more than this share of the fleet's active users. */
  maxDeactivationShare: number;
}

export const DEFAULT_PLAN_SETTINGS: Readonly<PlanSettings> = Object.freeze({
  rootClusterName: 'I&I',
  rootClusterCode: 'I&I',
  defaultRoleName: 'Field',
  vehicleAssetTypeId: 3183,
  defaultVehicleSiteId: 5145,
  defaultSiteState: 'LA',
  defaultZip: '00000',
  timezone: 'America/Chicago',
  country: 'US',
  deactivationPolicy: 'deactivate',
  maxDeactivationShare: 0.05,
});

/** Checks settings read from configuration; fields left out take their defaults. */
export const planSettingsSchema = z.object({
  rootClusterName: z.string().trim().min(1).default(DEFAULT_PLAN_SETTINGS.rootClusterName),
  rootClusterCode: z.string().trim().min(1).default(DEFAULT_PLAN_SETTINGS.rootClusterCode),
  defaultRoleName: z.string().trim().min(1).default(DEFAULT_PLAN_SETTINGS.defaultRoleName),
  vehicleAssetTypeId: z.number().int().positive().default(DEFAULT_PLAN_SETTINGS.vehicleAssetTypeId),
  defaultVehicleSiteId: z.number().int().positive().default(DEFAULT_PLAN_SETTINGS.defaultVehicleSiteId),
  defaultSiteState: z.string().trim().min(1).default(DEFAULT_PLAN_SETTINGS.defaultSiteState),
  defaultZip: z.string().trim().min(1).default(DEFAULT_PLAN_SETTINGS.defaultZip),
  timezone: z.string().trim().min(1).default(DEFAULT_PLAN_SETTINGS.timezone),
  country: z.string().trim().min(2).default(DEFAULT_PLAN_SETTINGS.country),
  deactivationPolicy: z.enum(['deactivate', 'ignore']).default(DEFAULT_PLAN_SETTINGS.deactivationPolicy),
  maxDeactivationShare: z.number().min(0).max(1).default(DEFAULT_PLAN_SETTINGS.maxDeactivationShare),
}) satisfies z.ZodType<PlanSettings, Partial<PlanSettings>>;

/** Narrows a plan to some types, or to some keys (a manual retry of one record). */
export interface PlanScope {
  /** Plan only these types (default: all five, or the types named in `keys`). */
  types?: EntityType[];
  /**
   * Plan only these keys. With keys, no other record is deactivated and the mass-change guard does not apply.
   * A type in `types` without an entry here is planned in full.
   */
  keys?: Partial<Record<EntityType, string[]>>;
}
