import { desiredAssets } from '../desired/assets.js';
import type { References } from '../desired/references.js';
import { entityKeyOf } from '../keys.js';
import { normaliseText } from '../normalise/text.js';
import type { PlanSettings } from '../settings.js';
import type { PayloadValue, SaAsset, SafetyAmpSnapshot, SamsaraDriver, SourceSnapshot } from '../types.js';
import { markDuplicateKeys } from '../validation/duplicates.js';
import { planKeyedType } from './plan-keyed-type.js';
import type { KeyedTypePlan } from './plan-keyed-type.js';
import type { ResolvedScope } from './plan-scope.js';
import { valueInReason } from '../desired/value-in-reason.js';

/** Assets: one per Samsara vehicle, adopted by serial. Assets are never deactivated. */
export function planAssets(
  source: SourceSnapshot,
  current: SafetyAmpSnapshot,
  settings: PlanSettings,
  refs: References,
  homeSiteOf: (employeeKey: string) => PayloadValue | undefined,
  scope: ResolvedScope,
): KeyedTypePlan {
  const drivers = new Map<string, SamsaraDriver>();
  for (const driver of source.drivers) {
    const id = typeof driver === 'object' && driver !== null ? normaliseText(driver.id) : null;
    if (id !== null) drivers.set(id, driver);
  }
  const built = desiredAssets(source.vehicles, { settings, refs, drivers, homeSiteOf });
  markDuplicateKeys(built.records, 'serial', (record) => `serial ${valueInReason(record.key)}`);
  return planKeyedType<SaAsset>({
    type: 'assets',
    built,
    existing: current.assets,
    keyOf: (asset) => entityKeyOf('assets', asset),
    scope,
  });
}
