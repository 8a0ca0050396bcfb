/**
 * The domain: what SafetyAmp should hold, whether it can be sent, and what must change. Pure functions over
 * plain data: no I/O, no clock, no environment.
 */
export * from './types.js';
export { DEFAULT_PLAN_SETTINGS, planSettingsSchema } from './settings.js';
export type { PlanScope, PlanSettings } from './settings.js';
export { departmentKey, employeeKey, entityKeyOf, regionKey, ROOT_CLUSTER_KEY, titleKey } from './keys.js';
export { planRun } from './plan/plan-run.js';
export { changeJobId, desiredFingerprint } from './plan/planned-change.js';

export { normaliseDate } from './normalise/date.js';
export { isValidEmail, normaliseEmail } from './normalise/email.js';
export { normaliseFlag } from './normalise/flag.js';
export { normaliseGender } from './normalise/gender.js';
export { normaliseId, normaliseInteger } from './normalise/number.js';
export { E164, normalisePhone } from './normalise/phone.js';
export { foldText, normaliseText } from './normalise/text.js';
export { normaliseZip } from './normalise/zip.js';

export type { DesiredRecord, FieldNote } from './desired/desired-record.js';
export { isEntityRef } from './desired/references.js';
export { driverEmployeeKey } from './desired/driver-employee.js';
export { DIFFED_FIELDS } from './diff/field-kinds.js';
export type { FieldKind } from './diff/field-kinds.js';
export { diffRecord } from './diff/diff-record.js';
export type { DiffOutcome } from './diff/diff-record.js';
export { canonicalJson, fingerprintOf } from './diff/fingerprint.js';
export { PAYLOAD_SCHEMAS } from './validation/schemas.js';
export { validatePayload } from './validation/validate-payload.js';
export { findDrift, WHOLE_RECORD } from './diff/find-drift.js';
export type { DriftFinding } from './diff/find-drift.js';
