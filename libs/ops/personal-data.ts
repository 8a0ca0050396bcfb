/**
 * Masking of personal data for viewers. Keys are compared without case or underscores, so SafetyAmp fields
 * (`first_name`), Vista columns (`FirstName`) and Graph fields (`mobilePhone`) are all caught. A masked value
 * keeps its key, so a viewer still sees which fields a change touches, never their values.
 */
const PERSONAL_KEYS = new Set([
  'firstname',
  'middlename',
  'midname',
  'lastname',
  'name',
  'fullname',
  'displayname',
  'email',
  'mail',
  'userprincipalname',
  'phone',
  'mobilephone',
  'workphone',
  'homephone',
  'businessphones',
  'dateofbirth',
  'birthdate',
  'dob',
  'gender',
  'sex',
  'street',
  'street2',
  'address',
  'city',
  'state',
  'zip',
  'zipcode',
  'postalcode',
  'hiredate',
  'currenthiredate',
  'description',
  'notes',
]);

export const MASK = '***';

export function isPersonalKey(key: string): boolean {
  return PERSONAL_KEYS.has(key.toLowerCase().replace(/[_\s-]/g, ''));
}

/** A deep copy of `value` with every personal field's value replaced by `MASK` (null stays null). */
export function maskPersonalFields<T>(value: T, depth = 0): T {
  if (depth > 12 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v: unknown) => maskPersonalFields(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = isPersonalKey(key) && v !== null && v !== undefined ? MASK : maskPersonalFields(v, depth + 1);
  }
  return out as T;
}

const EMAIL = /[^\s@'"<>(),;:]+@[^\s@'"<>(),;:]+\.[^\s@'"<>(),;:]+/g;
const PHONE = /\+?\d[\d\s().-]{5,}\d/g;
const DATE = /\b(19|20)\d\d-\d\d-\d\d(?!T)\b/g;

/**
 * Free text that may quote a value (an error message of SafetyAmp, a stack trace): e-mail addresses, phone
 * numbers (7 digits or more) and calendar dates are masked. Keys (emp_id, job numbers) are shorter and stay.
 */
export function scrubPersonalText(text: string): string {
  return text.replace(EMAIL, `${MASK}@${MASK}`).replace(DATE, '****-**-**').replace(PHONE, MASK);
}
