import { z } from 'zod';
import type { RecordId, StoredRecord } from './collection.js';
import type { CollectionName } from './seed.js';
import type { SafetyAmpStore } from './store.js';

/** Laravel's validation answer: the first message, and every message by field. */
export interface ValidationFailure {
  message: string;
  errors: Record<string, string[]>;
}

export type WriteMode = 'create' | 'update';

type FieldType = 'string' | 'code' | 'integer' | 'boolean' | 'email' | 'e164';

interface FieldRule {
  field: string;
  type: FieldType;
  requiredOnCreate?: boolean;
  /** The collection whose id this field must name. */
  exists?: CollectionName;
  /** A uniqueness index of the record's own collection (not checked by a lenient server). */
  unique?: string;
  /** On update, fields whose change re-runs this field's record-level rules even when it is not carried. */
  alsoWhen?: string[];
  /** Any further rule on the record as it would be after the write; returns a message or null. */
  check?: (
    store: SafetyAmpStore,
    candidate: Record<string, unknown>,
    selfId: RecordId | undefined,
  ) => string | null;
}

const E164 = /^\+[1-9]\d{1,14}$/;

/** How each type is checked and normalised (a numeric id given as "12" is stored as 12, as Laravel casts it). */
const TYPES: Record<FieldType, z.ZodType> = {
  string: z.string(),
  code: z.union([z.string(), z.number().transform(String)]),
  integer: z.union([
    z.number().int(),
    z
      .string()
      .regex(/^-?\d+$/)
      .transform(Number),
  ]),
  boolean: z
    .union([z.boolean(), z.literal(0), z.literal(1), z.enum(['0', '1', 'true', 'false'])])
    .transform((v) => v === true || v === 1 || v === '1' || v === 'true'),
  email: z.email(),
  e164: z.string().regex(E164),
};

const attribute = (field: string): string => field.replace(/_/g, ' ');

const TYPE_MESSAGES: Record<FieldType, (field: string) => string> = {
  string: (f) => `The ${attribute(f)} must be a string.`,
  code: (f) => `The ${attribute(f)} must be a string.`,
  integer: (f) => `The ${attribute(f)} must be an integer.`,
  boolean: (f) => `The ${attribute(f)} field must be true or false.`,
  email: (f) => `The ${attribute(f)} must be a valid email address.`,
  e164: (f) => `The ${attribute(f)} format is invalid.`,
};

const parentNotInOwnSubtree: FieldRule['check'] = (store, candidate, selfId) =>
  selfId !== undefined &&
  typeof candidate.parent_cluster_id === 'number' &&
  store.isInSubtree(candidate.parent_cluster_id, selfId)
    ? 'The selected parent cluster id is invalid.'
    : null;

/** The rules of each writable collection, in the order Laravel would report them. */
export const RULES: Partial<Record<CollectionName, FieldRule[]>> = {
  users: [
    { field: 'emp_id', type: 'code', requiredOnCreate: true, unique: 'emp_id' },
    { field: 'first_name', type: 'string', requiredOnCreate: true },
    { field: 'middle_name', type: 'string' },
    { field: 'last_name', type: 'string', requiredOnCreate: true },
    { field: 'email', type: 'email', requiredOnCreate: true, unique: 'email' },
    { field: 'mobile_phone', type: 'e164' },
    { field: 'work_phone', type: 'e164' },
    { field: 'home_site_id', type: 'integer', exists: 'sites' },
    { field: 'current_title_id', type: 'integer', exists: 'user_titles' },
    { field: 'system_access', type: 'boolean' },
  ],
  sites: [
    { field: 'name', type: 'string', requiredOnCreate: true },
    { field: 'external_code', type: 'code', unique: 'external_code' },
    { field: 'cluster_id', type: 'integer', requiredOnCreate: true, exists: 'site_clusters' },
  ],
  site_clusters: [
    {
      field: 'name',
      type: 'string',
      requiredOnCreate: true,
      unique: 'name_in_parent',
      alsoWhen: ['parent_cluster_id'],
    },
    { field: 'external_code', type: 'code' },
    { field: 'parent_cluster_id', type: 'integer', exists: 'site_clusters', check: parentNotInOwnSubtree },
  ],
  user_titles: [{ field: 'name', type: 'string', requiredOnCreate: true, unique: 'name' }],
  assets: [
    { field: 'name', type: 'string', requiredOnCreate: true },
    { field: 'serial', type: 'code', requiredOnCreate: true, unique: 'serial' },
    { field: 'asset_type_id', type: 'integer', requiredOnCreate: true },
    { field: 'site_id', type: 'integer', requiredOnCreate: true },
  ],
};

/**
 * What Laravel's TrimStrings and ConvertEmptyStringsToNull middleware do to a JSON body before validation:
 * top-level strings are trimmed and an empty one becomes null. A body that is not an object counts as `{}`.
 */
export function normaliseInput(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') out[key] = value;
    else out[key] = value.trim() === '' ? null : value.trim();
  }
  return out;
}

const isBlank = (value: unknown): boolean =>
  value === null || value === undefined || (Array.isArray(value) && value.length === 0);

/**
 * Validates a create or a PATCH of `collection`. On create every rule applies; on update only the rules of the
 * fields the body carries (a carried required field may not be blanked), and uniqueness ignores the record itself.
 * A lenient server (`options.lenient`) checks no uniqueness at all; every other rule still holds.
 * Returns the fields to store (normalised) or Laravel's 422 body.
 */
export function validateWrite(
  store: SafetyAmpStore,
  collection: CollectionName,
  mode: WriteMode,
  input: Record<string, unknown>,
  current?: StoredRecord,
  options: { lenient?: boolean } = {},
): { ok: true; fields: Record<string, unknown> } | { ok: false; failure: ValidationFailure } {
  const rules = RULES[collection] ?? [];
  const fields: Record<string, unknown> = { ...input };
  const errors: Record<string, string[]> = {};
  const checked: FieldRule[] = [];

  for (const rule of rules) {
    if (mode === 'update' && !(rule.field in input)) {
      // A re-parented cluster must still be the only one of its name under its (new) parent.
      if (rule.alsoWhen?.some((field) => field in input)) checked.push(rule);
      continue;
    }
    const value = input[rule.field];
    if (isBlank(value)) {
      if (rule.requiredOnCreate) errors[rule.field] = [`The ${attribute(rule.field)} field is required.`];
      continue;
    }
    const parsed = TYPES[rule.type].safeParse(value);
    if (!parsed.success) {
      errors[rule.field] = [TYPE_MESSAGES[rule.type](rule.field)];
      continue;
    }
    fields[rule.field] = parsed.data;
    checked.push(rule);
  }

  // Existence and uniqueness are judged on the record as it would be after the write.
  const candidate = { ...(current ?? {}), ...fields };
  const selfId = current?.id;
  for (const rule of checked) {
    if (errors[rule.field]) continue;
    const value = candidate[rule.field];
    let message: string | null = null;
    if (rule.exists && !store.collection(rule.exists).has(value as RecordId)) {
      message = `The selected ${attribute(rule.field)} is invalid.`;
    } else if (
      rule.unique &&
      !options.lenient &&
      store.collection(collection).isTaken(rule.unique, candidate, selfId)
    ) {
      message = `The ${attribute(rule.field)} has already been taken.`;
    } else if (rule.check) {
      message = rule.check(store, candidate, selfId);
    }
    if (message) errors[rule.field] = [message];
  }

  const failed = rules.filter((rule) => errors[rule.field]);
  if (failed.length === 0) return { ok: true, fields };
  const ordered: Record<string, string[]> = {};
  for (const rule of failed) ordered[rule.field] = errors[rule.field] as string[];
  const first = (ordered[failed[0]?.field as string] as string[])[0] as string;
  return { ok: false, failure: { message: first, errors: ordered } };
}
