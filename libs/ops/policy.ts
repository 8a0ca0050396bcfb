import { isPersonalKey, MASK, maskPersonalFields, scrubPersonalText } from './personal-data.js';

/*
 * What each dashboard role may see and do: the one place that says it. The ops handlers, the web layer's access
 * checks and Bull Board's hooks and formatters ask here. personal-data.ts is how values are masked; this says for
 * whom.
 */

/** Every change a person can make to the fleet from the dashboard: the ops pages and API, and Bull Board. */
export const FLEET_ACTIONS = [
  'pause-fleet',
  'resume-fleet',
  'trigger-run',
  /** Sync named records now (`users:1234`), ahead of what is queued. */
  'sync-records',
  'trigger-reconcile',
  'retry-failed-record',
  /** Bull Board: retry one failed job, or every failed job of a queue. */
  'retry-jobs',
  /** Bull Board: run a delayed job now. */
  'promote-jobs',
  /** Bull Board: remove finished jobs. */
  'clean-jobs',
  /** Bull Board: pause one queue or all of them. */
  'pause-queues',
  'resume-queues',
  /** Every process's log level, at runtime (or back to its LOG_LEVEL). */
  'set-log-level',
] as const;
export type FleetAction = (typeof FLEET_ACTIONS)[number];

const ACTION_WORDS: Record<FleetAction, string> = {
  'pause-fleet': 'pause the fleet',
  'resume-fleet': 'resume the fleet',
  'trigger-run': 'trigger a run',
  'sync-records': 'sync records now',
  'trigger-reconcile': 'trigger a reconcile',
  'retry-failed-record': 'retry a failed record',
  'retry-jobs': 'retry jobs',
  'promote-jobs': 'promote jobs',
  'clean-jobs': 'clean jobs',
  'pause-queues': 'pause queues',
  'resume-queues': 'resume queues',
  'set-log-level': 'change the log level',
};

interface RoleRules {
  /** The changes the role may make; none makes the role read-only. */
  actions: readonly FleetAction[];
  /** Personal values (names, e-mails, phones, dates) as they are, or masked: the field shows, its value does not. */
  personalData: 'shown' | 'masked';
  /** Where the queues live (Redis host, version, memory). */
  serverDetails: 'shown' | 'hidden';
}

const RULES = {
  operator: { actions: FLEET_ACTIONS, personalData: 'shown', serverDetails: 'shown' },
  viewer: { actions: [], personalData: 'masked', serverDetails: 'hidden' },
} as const satisfies Record<string, RoleRules>;

export type DashboardRole = keyof typeof RULES;

export const ROLES = Object.keys(RULES) as readonly DashboardRole[];

/** A user an authenticating proxy names without a role the dashboard knows gets the role that may least. */
export const DEFAULT_ROLE: DashboardRole = 'viewer';

export function isRole(value: unknown): value is DashboardRole {
  return typeof value === 'string' && Object.hasOwn(RULES, value);
}

function rulesOf(role: DashboardRole): RoleRules {
  return RULES[role];
}

export function mayTake(role: DashboardRole, action: FleetAction): boolean {
  return rulesOf(role).actions.includes(action);
}

/** The actions a role may take, for pages that offer only those. */
export function allowedActions(role: DashboardRole): ReadonlySet<FleetAction> {
  return new Set(rulesOf(role).actions);
}

/** A role that may take no action: the web layer refuses its every write before routing it. */
export function isReadOnly(role: DashboardRole): boolean {
  return rulesOf(role).actions.length === 0;
}

/** Why a role is refused an action (or any change, without one): the `error` of a 403 answer. */
export function refusalOf(role: DashboardRole, action?: FleetAction): { key: 'forbidden'; message: string } {
  const what = action ? ACTION_WORDS[action] : 'change the fleet';
  return { key: 'forbidden', message: `The ${role} role may not ${what}.` };
}

export function seesPersonalData(role: DashboardRole): boolean {
  return rulesOf(role).personalData === 'shown';
}

export function seesServerDetails(role: DashboardRole): boolean {
  return rulesOf(role).serverDetails === 'shown';
}

/** A record (a job's data, a planned change, an audit entry) as the role may see it: personal fields masked. */
export function presentRecord<T>(role: DashboardRole, value: T): T {
  return seesPersonalData(role) ? value : maskPersonalFields(value);
}

/** Free text that may quote a value (an error, a failure reason) as the role may see it: personal values scrubbed. */
export function presentText(role: DashboardRole, text: string): string {
  return seesPersonalData(role) ? text : scrubPersonalText(text);
}

/** One field's value as the role may see it: masked when the field is personal (null stays null). */
export function presentFieldValue(role: DashboardRole, field: string, value: unknown): unknown {
  return seesPersonalData(role) || !isPersonalKey(field) || value === null || value === undefined
    ? value
    : MASK;
}
