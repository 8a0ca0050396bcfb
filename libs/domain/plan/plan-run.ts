import { desiredSites } from '../desired/sites.js';
import { desiredTitles } from '../desired/titles.js';
import type { References } from '../desired/references.js';
import { entityKeyOf } from '../keys.js';
import type { PlanScope, PlanSettings } from '../settings.js';
import type {
  EntityPlan,
  EntityType,
  RunPlan,
  SafetyAmpSnapshot,
  SaSite,
  SaTitle,
  SourceSnapshot,
} from '../types.js';
import { markDuplicateKeys } from '../validation/duplicates.js';
import { massChangeBlocks } from './mass-change-guard.js';
import { planAssets } from './plan-assets.js';
import { planClusters } from './plan-clusters.js';
import { planKeyedType } from './plan-keyed-type.js';
import { resolveScope, scopedEntityPlan } from './plan-scope.js';
import { planUsers } from './plan-users.js';
import { valueInReason } from '../desired/value-in-reason.js';

/**
 * Plans one run: what SafetyAmp should hold (from the sources), checked and diffed against what it holds (the
 * mirror), in dependency order (clusters → sites → titles → users → assets; the original ran them backwards).
 * Every type is worked out so references resolve, but only the scope's types and keys are returned, and only
 * creates inside the scope count as "created by this run" for references. `blocked` names the types the
 * mass-change guard refused: none of their changes may be enqueued.
 */
export function planRun(
  source: SourceSnapshot,
  current: SafetyAmpSnapshot,
  settings: PlanSettings,
  scope?: PlanScope,
): RunPlan {
  const resolved = resolveScope(scope);
  const clusters = planClusters(source.departments, current.clusters, settings, resolved);
  const refs: References = { clusters: clusters.refs };

  const siteRecords = desiredSites(source.jobs, settings, refs);
  markDuplicateKeys(
    siteRecords.records,
    'external_code',
    (record) => `job number ${valueInReason(record.key)}`,
  );
  const sites = planKeyedType<SaSite>({
    type: 'sites',
    built: siteRecords,
    existing: current.sites,
    keyOf: (site) => entityKeyOf('sites', site),
    scope: resolved,
  });
  refs.sites = sites.refs;

  const titles = planKeyedType<SaTitle>({
    type: 'titles',
    built: { records: desiredTitles(source.employees), keyless: [] },
    existing: current.titles,
    keyOf: (title) => entityKeyOf('titles', title),
    scope: resolved,
  });
  refs.titles = titles.refs;

  const users = planUsers(source, current, settings, refs, clusters.regionIdOf, resolved);
  refs.users = users.refs;
  const assets = planAssets(source, current, settings, refs, users.homeSiteOf, resolved);

  const entities: Partial<Record<EntityType, EntityPlan>> = {};
  for (const draft of [clusters.draft, sites.draft, titles.draft, users.draft, assets.draft]) {
    const plan = scopedEntityPlan(draft, resolved);
    if (plan !== undefined) entities[draft.type] = plan;
  }
  return { entities, blocked: massChangeBlocks(source, current, users.draft.changes, settings, resolved) };
}
