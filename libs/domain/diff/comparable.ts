import { isEntityRef } from '../desired/references.js';
import { normaliseDate } from '../normalise/date.js';
import { normaliseEmail } from '../normalise/email.js';
import { normaliseFlag } from '../normalise/flag.js';
import { normaliseGender } from '../normalise/gender.js';
import { normaliseId, normaliseInteger } from '../normalise/number.js';
import { normalisePhone } from '../normalise/phone.js';
import { normaliseText } from '../normalise/text.js';
import { normaliseZip } from '../normalise/zip.js';
import type { FieldKind } from './field-kinds.js';

/**
 * One field value in the form both sides of a diff are compared in; null means "no value". The same function
 * runs on the desired and the current side, so formats SafetyAmp returns differently never look like changes.
 * A reference to an entity created in this run never equals anything that exists yet.
 */
export function comparable(kind: Exclude<FieldKind, 'roles'>, value: unknown): string | null {
  switch (kind) {
    case 'text':
      return normaliseText(value);
    case 'email':
      return normaliseEmail(value);
    case 'phone':
      return normalisePhone(value);
    case 'date':
      return normaliseDate(value);
    case 'gender': {
      const gender = normaliseGender(value);
      return gender === null ? null : String(gender);
    }
    case 'flag':
      return String(normaliseFlag(value));
    case 'integer': {
      const n = normaliseInteger(value);
      return n === null ? null : String(n);
    }
    case 'reference':
      return isEntityRef(value) ? `$ref:${value.$ref}:${value.key}` : normaliseId(value);
    case 'zip':
      return normaliseZip(value) ?? normaliseText(value);
  }
}

/** Role ids of a SafetyAmp roles list (`[{id}]`, ids possibly as strings). */
export function roleIds(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  const ids: number[] = [];
  for (const role of value) {
    const id = normaliseInteger(
      typeof role === 'object' && role !== null ? (role as { id?: unknown }).id : role,
    );
    if (id !== null) ids.push(id);
  }
  return ids;
}
