import { expect } from 'chai';
import { DEFAULT_PLAN_SETTINGS, planSettingsSchema } from '../../../libs/domain/index.js';

describe('domain settings (what the original hard-coded)', () => {
  it('default to the original constants', () => {
    expect(DEFAULT_PLAN_SETTINGS).to.deep.equal({
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
    expect(planSettingsSchema.parse({})).to.deep.equal(DEFAULT_PLAN_SETTINGS);
  });

  it('take overrides and refuse nonsense', () => {
    expect(planSettingsSchema.parse({ deactivationPolicy: 'ignore', maxDeactivationShare: 0.2 })).to.include({
      deactivationPolicy: 'ignore',
      maxDeactivationShare: 0.2,
    });
    expect(planSettingsSchema.safeParse({ deactivationPolicy: 'delete' }).success).to.equal(false);
    expect(planSettingsSchema.safeParse({ maxDeactivationShare: 2 }).success).to.equal(false);
    expect(planSettingsSchema.safeParse({ vehicleAssetTypeId: 'x' }).success).to.equal(false);
  });
});
