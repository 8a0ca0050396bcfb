import { z } from 'zod';
import type { SaAsset, SaAssetType, SaCluster, SaRole, SaSite, SaTitle, SaUser } from '../domain/types.js';
import { SafetyAmpProtocolError } from './errors.js';

/*
 * What a SafetyAmp record must look like before the fleet takes it in. Only what the fleet relies on is checked
 * (ids, the keys records are adopted by, the references between records); every other field, known or not, passes
 * through unchanged.
 *
 * Numeric strings are read as numbers where the field is an integer ("12" → 12), and numbers as strings where
 * the field is text (emp_id 1001 → "1001"). That is safe: a PHP back end serialises integers as strings in some
 * database set-ups, "12" and 12 name the same record in every path, and an emp_id compared as text must not miss
 * its match because it came back as a number. Anything else of the wrong type is refused, never guessed.
 */

const integer = z.union([
  z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
]);
const optionalInteger = integer.nullable().optional();
const userId = z.union([
  z.string().min(1),
  z
    .number()
    .int()
    .min(0)
    .transform((n) => String(n)),
]);
const text = z.union([z.string(), z.number().transform((n) => String(n))]);
const optionalText = text.nullable().optional();
/** 0/1 flags, or booleans, as they may come back: kept as they are, numeric strings read as numbers. */
const flag = z
  .union([
    z.boolean(),
    z.number(),
    z
      .string()
      .regex(/^[01]$/)
      .transform(Number),
    z.enum(['true', 'false']).transform((v) => v === 'true'),
  ])
  .nullable()
  .optional();

const schemas = {
  site_clusters: z.looseObject({
    id: integer,
    name: text,
    external_code: optionalText,
    parent_cluster_id: optionalInteger,
    depth: optionalInteger,
    osha_establishment: optionalInteger,
  }),
  sites: z.looseObject({ id: integer, external_code: optionalText, cluster_id: optionalInteger }),
  user_titles: z.looseObject({ id: integer, name: text }),
  users: z.looseObject({
    id: userId,
    emp_id: optionalText,
    home_site_id: optionalInteger,
    current_title_id: optionalInteger,
    gender: optionalInteger,
    // Role references are normalised when they have the usual shape and passed through when they do not.
    roles: z.array(z.union([z.looseObject({ id: integer }), z.unknown()])).optional(),
    system_access: flag,
    text_opt_out: flag,
  }),
  roles: z.looseObject({ id: integer, name: optionalText }),
  asset_types: z.looseObject({ id: integer, name: optionalText }),
  assets: z.looseObject({
    id: integer,
    serial: optionalText,
    status: optionalInteger,
    asset_type_id: optionalInteger,
    site_id: optionalInteger,
    current_user_id: userId.nullable().optional(),
  }),
};

/** A collection of the API, by its path segment. */
export type Resource = keyof typeof schemas;

/** The record type each resource is read as. */
export interface RecordOf {
  site_clusters: SaCluster;
  sites: SaSite;
  user_titles: SaTitle;
  users: SaUser;
  roles: SaRole;
  asset_types: SaAssetType;
  assets: SaAsset;
}

function valueAt(record: unknown, path: readonly PropertyKey[]): unknown {
  let value = record;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  return value;
}

/** What was wrong, by field, without the value itself (it may be personal data). */
function describeProblem(raw: unknown, error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path ?? [];
  const field = path.map(String).join('.') || 'record';
  const value = valueAt(raw, path);
  if (value === undefined || value === null) return `${field} is missing`;
  return `${field} has the wrong type (${Array.isArray(value) ? 'array' : typeof value})`;
}

/**
 * Reads one record of `resource` (the fields the fleet relies on checked and normalised, the rest passed through),
 * or throws SafetyAmpProtocolError naming `endpoint`, `where` and what was wrong.
 */
export function parseRecord<R extends Resource>(
  resource: R,
  raw: unknown,
  endpoint: string,
  where: string,
): RecordOf[R] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SafetyAmpProtocolError(endpoint, `${where}: not an object`);
  }
  const parsed = schemas[resource].safeParse(raw);
  if (!parsed.success) {
    throw new SafetyAmpProtocolError(endpoint, `${where}: ${describeProblem(raw, parsed.error)}`);
  }
  return parsed.data as unknown as RecordOf[R];
}

/** Reads every record of a listing page; `where` names the page, e.g. `page 2`. */
export function parseRecords<R extends Resource>(
  resource: R,
  raw: readonly unknown[],
  endpoint: string,
  where: string,
): RecordOf[R][] {
  return raw.map((record, index) => parseRecord(resource, record, endpoint, `${where}, record ${index + 1}`));
}
