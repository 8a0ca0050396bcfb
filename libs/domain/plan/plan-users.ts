import type { References } from '../desired/references.js';
import { entraDirectory } from '../desired/entra-directory.js';
import { recentJobIndex } from '../desired/recent-jobs.js';
import { desiredUsers } from '../desired/users.js';
import { employeeKey } from '../keys.js';
import { normaliseFlag } from '../normalise/flag.js';
import { foldText } from '../normalise/text.js';
import type { PlanSettings } from '../settings.js';
import type { PayloadValue, SafetyAmpSnapshot, SaSite, SaUser, SourceSnapshot } from '../types.js';
import { markDuplicateKeys, markSharedValues } from '../validation/duplicates.js';
import { plannedDeactivations } from './deactivation.js';
import { byId } from './existing-index.js';
import { planKeyedType } from './plan-keyed-type.js';
import type { KeyedTypePlan } from './plan-keyed-type.js';
import type { ResolvedScope } from './plan-scope.js';
import { rejectEmailsTakenInSafetyAmp } from './safetyamp-emails.js';

export interface UserPlan extends KeyedTypePlan {
  /** The home site a user has after this plan (desired when valid, else SafetyAmp's), by employee key. */
  homeSiteOf: (employeeKey: string) => PayloadValue | undefined;
}

/** Users: desired records, duplicates, validation, adoption by emp_id, diff, and terminated employees. */
export function planUsers(
  source: SourceSnapshot,
  current: SafetyAmpSnapshot,
  settings: PlanSettings,
  refs: References,
  regionIdOf: (department: string) => number | undefined,
  scope: ResolvedScope,
): UserPlan {
  const homeOffices = homeOfficeSites(current.sites);
  const built = desiredUsers(source.employees, {
    settings,
    refs,
    roleId: roleIdNamed(current, settings.defaultRoleName),
    recentJobs: recentJobIndex(source.recentJobs),
    entra: entraDirectory(source.entraUsers),
    homeOfficeOf: (department) => {
      const region = regionIdOf(department);
      return region === undefined ? undefined : homeOffices.get(region);
    },
  });
  markDuplicateKeys(built.records, 'emp_id', (record) => `employee number ${record.key}`);
  markSharedValues(
    built.records,
    'email',
    (record) => (typeof record.payload.email === 'string' ? record.payload.email : null),
    (others) => `the same e-mail as employee ${others}`,
  );
  const plan = planKeyedType<SaUser>({
    type: 'users',
    built,
    existing: current.users,
    keyOf: (user) => employeeKey(user.emp_id),
    prefer: (a, b) =>
      Number(normaliseFlag(b.system_access)) - Number(normaliseFlag(a.system_access)) || byId(a, b),
    scope,
    review: (outcomes) => rejectEmailsTakenInSafetyAmp(outcomes, current.users),
  });

  if (settings.deactivationPolicy === 'deactivate') {
    const active = new Set<string>();
    for (const row of source.employees) {
      const key = employeeKey(row.Employee);
      if (key !== null) active.add(key);
    }
    plan.draft.changes.push(...plannedDeactivations(current.users, active));
  }

  const desiredHomeSite = new Map<string, PayloadValue>();
  for (const { record, diff } of plan.outcomes) {
    const site = record.payload.home_site_id;
    if (diff !== undefined && site !== undefined) desiredHomeSite.set(record.key, site);
  }
  const usersByKey = new Map<string, SaUser>();
  for (const user of current.users) {
    const key = employeeKey(user.emp_id);
    if (key !== null && plan.refs.existing.get(key) === user.id) usersByKey.set(key, user);
  }
  return {
    ...plan,
    homeSiteOf: (key) => desiredHomeSite.get(key) ?? usersByKey.get(key)?.home_site_id ?? undefined,
  };
}

/** Site id by cluster id: the site hanging directly off a cluster (the lowest id when several do). */
function homeOfficeSites(sites: readonly SaSite[]): Map<number, number> {
  const offices = new Map<number, number>();
  for (const site of sites) {
    if (site.cluster_id === null || site.cluster_id === undefined) continue;
    const known = offices.get(site.cluster_id);
    if (known === undefined || site.id < known) offices.set(site.cluster_id, site.id);
  }
  return offices;
}

function roleIdNamed(current: SafetyAmpSnapshot, name: string): number | undefined {
  const wanted = foldText(name);
  return [...current.roles].sort(byId).find((role) => foldText(role.name) === wanted)?.id;
}
