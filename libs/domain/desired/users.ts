import { employeeKey, titleKey } from '../keys.js';
import { normaliseDate } from '../normalise/date.js';
import { normaliseEmail } from '../normalise/email.js';
import { normaliseGender } from '../normalise/gender.js';
import { normalisePhone } from '../normalise/phone.js';
import { normaliseText } from '../normalise/text.js';
import { normaliseZip } from '../normalise/zip.js';
import type { PlanSettings } from '../settings.js';
import type { InvalidRecord, Payload, VistaEmployeeRow } from '../types.js';
import { newDesiredRecord, rowKey } from './desired-record.js';
import type { DesiredRecord } from './desired-record.js';
import type { EntraEntry } from './entra-directory.js';
import { resolveReference } from './references.js';
import type { References } from './references.js';
import { valueInReason } from './value-in-reason.js';

/** Everything besides the employee rows that a desired user is made of. */
export interface UserSources {
  settings: PlanSettings;
  /** Sites and titles as far as the plan knows them. */
  refs: References;
  /** Id of the role named `settings.defaultRoleName`, when SafetyAmp has it. */
  roleId: number | undefined;
  /** Employee key → job number of the most recent open job. */
  recentJobs: ReadonlyMap<string, string>;
  /** Trimmed Entra employeeId → what Entra says. */
  entra: ReadonlyMap<string, EntraEntry>;
  /** The home-office site of a Vista department: an existing site hanging directly off its region cluster. */
  homeOfficeOf: (department: string) => number | undefined;
}

/** Sent on create, never diffed: SafetyAmp-side choices the fleet must not reset (domain.md §4.4). */
export const USER_CREATE_ONLY = ['emp_id', 'timezone', 'text_opt_out'] as const;

/**
 * One SafetyAmp user per active employee (domain.md §4.4, defects fixed). A value missing in Vista is left out
 * of the record, so it never blanks what SafetyAmp holds (the original never blanked a field either).
 * Phones: Vista's one `Phone` is the mobile phone; the work phone is the Entra user's businessPhones[0] when it
 * parses, else the same Vista phone (the original copied Vista's phone into both).
 */
export function desiredUsers(
  employees: readonly VistaEmployeeRow[],
  sources: UserSources,
): { records: DesiredRecord[]; keyless: InvalidRecord[] } {
  const records: DesiredRecord[] = [];
  const keyless: InvalidRecord[] = [];
  employees.forEach((row, index) => {
    const key = employeeKey(row.Employee);
    if (key === null) {
      keyless.push({
        type: 'users',
        key: rowKey(index),
        field: 'emp_id',
        reason: 'employee number is missing or not a whole number',
      });
      return;
    }
    records.push(desiredUser(key, row, sources));
  });
  return { records, keyless };
}

function desiredUser(key: string, row: VistaEmployeeRow, sources: UserSources): DesiredRecord {
  const { settings } = sources;
  const record = newDesiredRecord('users', key, { emp_id: key });
  record.createOnly = USER_CREATE_ONLY;
  const { payload } = record;
  put(payload, 'first_name', normaliseText(row.FirstName));
  put(payload, 'middle_name', normaliseText(row.MidName));
  put(payload, 'last_name', normaliseText(row.LastName));
  put(payload, 'email', emailOf(key, row, sources.entra.get(key), record));
  put(
    payload,
    'gender',
    kept(record, 'gender', row.Sex, normaliseGender(row.Sex), 'sex is neither male nor female'),
  );
  const hired = keptDate(record, 'current_hire_date', row.HireDate);
  let born = keptDate(record, 'date_of_birth', row.BirthDate);
  if (born !== null && hired !== null && born >= hired) {
    record.warnings.push({
      field: 'date_of_birth',
      reason: 'date of birth is not before the hire date; left out',
    });
    born = null;
  }
  put(payload, 'date_of_birth', born);
  put(payload, 'current_hire_date', hired);
  put(payload, 'street', normaliseText(row.Address));
  put(payload, 'city', normaliseText(row.City));
  put(payload, 'state', normaliseText(row.State));
  const zip = normaliseZip(row.Zip, settings.country);
  put(payload, 'zip_code', kept(record, 'zip_code', row.Zip, zip, 'zip is not a valid zip code'));
  put(payload, 'country', settings.country);
  put(payload, 'timezone', settings.timezone);
  const phone = kept(
    record,
    'mobile_phone',
    row.Phone,
    normalisePhone(row.Phone),
    'phone is not a valid phone number',
  );
  put(payload, 'mobile_phone', phone);
  put(payload, 'work_phone', normalisePhone(sources.entra.get(key)?.businessPhone) ?? phone);

  setHomeSite(key, row, sources, record);
  const title = normaliseText(row.udEmpTitle);
  if (title !== null) {
    const titleId = resolveReference(sources.refs, 'titles', titleKey(title));
    if (titleId !== undefined) payload.current_title_id = titleId;
    else
      record.problems.push({
        field: 'current_title_id',
        reason: `title "${valueInReason(title)}" is not in SafetyAmp and is not created by this run`,
      });
  }
  if (sources.roleId !== undefined) payload.roles = [{ id: sources.roleId }];
  payload.system_access = true;
  payload.text_opt_out = 1;
  return record;
}

function put(payload: Payload, field: string, value: string | number | null): void {
  if (value !== null) payload[field] = value;
}

/** The normalised value; when a present source value was dropped, a warning says so. */
function kept<T>(
  record: DesiredRecord,
  field: string,
  raw: unknown,
  value: T | null,
  what: string,
): T | null {
  if (value === null && (raw instanceof Date || normaliseText(raw) !== null)) {
    record.warnings.push({ field, reason: `${what}; left out` });
  }
  return value;
}

/**
 * Years a birth or hire date of an active employee can fall in. Outside them a date is a placeholder or a typo
 * (SQL Server's 1900-01-01 and 1753-01-01 zero dates, 9999-12-31), never a fact worth writing.
 */
const PLAUSIBLE_DATES = { from: '1901-01-01', to: '2099-12-31' };

function keptDate(record: DesiredRecord, field: string, raw: unknown): string | null {
  const date = kept(
    record,
    field,
    raw,
    normaliseDate(raw),
    raw instanceof Date ? 'date is invalid' : 'date is not YYYY-MM-DD',
  );
  if (date !== null && (date < PLAUSIBLE_DATES.from || date > PLAUSIBLE_DATES.to)) {
    record.warnings.push({ field, reason: 'date is outside the years 1901 to 2099; left out' });
    return null;
  }
  return date;
}

/**
 * Entra's mail wins when an enabled Entra user carries the employee number (trimmed, exact) and its mail is
 * usable; else Vista's Email. Both are whitespace-stripped and lower-cased; syntax is checked by the schema.
 */
function emailOf(
  key: string,
  row: VistaEmployeeRow,
  entry: EntraEntry | undefined,
  record: DesiredRecord,
): string | null {
  if (entry?.ambiguousMail) {
    record.warnings.push({
      field: 'email',
      reason: `several Entra users carry employee number ${key} with different mails; Vista's e-mail was used`,
    });
  } else if (entry?.mail) {
    return entry.mail;
  }
  return normaliseEmail(row.Email);
}

function setHomeSite(key: string, row: VistaEmployeeRow, sources: UserSources, record: DesiredRecord): void {
  const job = sources.recentJobs.get(key);
  const jobSite = job === undefined ? undefined : resolveReference(sources.refs, 'sites', job);
  if (jobSite !== undefined) {
    record.payload.home_site_id = jobSite;
    return;
  }
  const department = normaliseText(row.PRDept);
  const homeOffice = department === null ? undefined : sources.homeOfficeOf(department);
  if (homeOffice !== undefined) {
    record.payload.home_site_id = homeOffice;
    return;
  }
  const jobPart =
    job === undefined ? 'no recent open job' : `recent job ${valueInReason(job)} has no SafetyAmp site`;
  const officePart =
    department === null
      ? 'no department'
      : `the region of department ${valueInReason(department)} has no home-office site`;
  record.problems.push({ field: 'home_site_id', reason: `no home site: ${jobPart}, and ${officePart}` });
}
