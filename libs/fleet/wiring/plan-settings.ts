import { planSettingsSchema, type PlanSettings } from '../../domain/index.js';
import type { ConfigOf } from '../../platform/config.js';

/** The domain's settings from the `sync` configuration section; what is not set takes the domain's default. */
export function planSettingsFrom(sync: ConfigOf<'sync'>): PlanSettings {
  return planSettingsSchema.parse({
    rootClusterName: sync.SYNC_ROOT_CLUSTER_NAME,
    rootClusterCode: sync.SYNC_ROOT_CLUSTER_CODE,
    defaultRoleName: sync.SYNC_DEFAULT_ROLE,
    vehicleAssetTypeId: sync.SYNC_VEHICLE_ASSET_TYPE_ID,
    defaultVehicleSiteId: sync.SYNC_VEHICLE_SITE_ID,
    defaultSiteState: sync.SYNC_DEFAULT_STATE,
    defaultZip: sync.SYNC_DEFAULT_ZIP,
    timezone: sync.SYNC_DEFAULT_TIMEZONE,
    country: sync.SYNC_COUNTRY,
    deactivationPolicy: sync.SYNC_DEACTIVATION_POLICY,
    maxDeactivationShare: sync.SYNC_MAX_DEACTIVATION_SHARE,
  });
}
