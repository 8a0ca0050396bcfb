import { isValidEmail, normaliseEmail } from '../normalise/email.js';
import type { GraphUser } from '../types.js';

/** What Entra ID says about one employee number. */
export interface EntraEntry {
  /** The normalised mail, when usable: valid, not an `onmicrosoft` address, and the same on every match. */
  mail: string | null;
  /** True when several enabled Entra users carry the employee number with different mails. */
  ambiguousMail: boolean;
  /** businessPhones[0] of a match, as Graph gives it (parsed only for employees that use it). */
  businessPhone: string | null;
}

/** `accountEnabled` true, or absent (a reader may not select it); `false` and values of the wrong type are not. */
function isEnabled(value: unknown): boolean {
  return value === true || value === undefined || value === null;
}

/**
 * Enabled Entra users by trimmed employeeId (domain.md §5). `accountEnabled` missing counts as enabled: the
 * reader asks Graph for enabled accounts only, and may not select the field.
 */
export function entraDirectory(users: readonly GraphUser[]): Map<string, EntraEntry> {
  const directory = new Map<string, EntraEntry>();
  for (const user of users) {
    if (typeof user !== 'object' || user === null || !isEnabled(user.accountEnabled)) continue;
    const employeeId = typeof user.employeeId === 'string' ? user.employeeId.trim() : '';
    if (employeeId === '') continue;
    const raw = normaliseEmail(user.mail);
    const mail = raw !== null && !raw.includes('onmicrosoft') && isValidEmail(raw) ? raw : null;
    const phones: unknown = user.businessPhones;
    const first: unknown = Array.isArray(phones) ? phones[0] : undefined;
    const businessPhone = typeof first === 'string' ? first : null;
    const known = directory.get(employeeId);
    if (known === undefined) {
      directory.set(employeeId, { mail, ambiguousMail: false, businessPhone });
      continue;
    }
    if (mail !== null && known.mail !== null && mail !== known.mail) known.ambiguousMail = true;
    known.mail ??= mail;
    known.businessPhone ??= businessPhone;
  }
  return directory;
}
