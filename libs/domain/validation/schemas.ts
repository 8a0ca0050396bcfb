import { z } from 'zod';
import { E164 } from '../normalise/phone.js';
import { textHazard } from './text-hazards.js';
import { ENTITY_TYPES } from '../types.js';
import type { EntityType } from '../types.js';

/**
 * The create bodies SafetyAmp accepts (safetyamp-api.md, 422 rules), checked on the fleet's side so that no
 * call is spent on a record the API would refuse. Values arrive normalised; the schemas check, never fix.
 * Strings are limited to 255 characters, Laravel's `string` default, and hold no control, text-direction or
 * invisible characters (text-hazards.ts).
 */
export const MAX_TEXT = 255;

const EMAIL = /^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const VIN = /^[A-Za-z0-9]{17}$/;

const TRIMMED = /^(?:\S(?:[\s\S]*\S)?)?$/;

/** Refuses the characters that would make a value garbage in SafetyAmp (text-hazards.ts), naming the first. */
function withoutHazards(label: string, multiline = false) {
  return (value: string, ctx: z.RefinementCtx): void => {
    const hazard = textHazard(value, multiline);
    if (hazard !== null) ctx.addIssue({ code: 'custom', message: `${label} ${hazard}` });
  };
}

function text(label: string, multiline = false) {
  return z
    .string({ error: `${label} must be text` })
    .max(MAX_TEXT, { error: `${label} is longer than ${MAX_TEXT} characters` })
    .regex(TRIMMED, { error: `${label} has spaces around it` })
    .superRefine(withoutHazards(label, multiline));
}

function requiredText(label: string) {
  return z
    .string({ error: `${label} is required` })
    .min(1, { error: `${label} is required` })
    .max(MAX_TEXT, { error: `${label} is longer than ${MAX_TEXT} characters` })
    .regex(TRIMMED, { error: `${label} has spaces around it` })
    .superRefine(withoutHazards(label));
}

const entityRef = z.object({ $ref: z.enum(ENTITY_TYPES), key: z.string().min(1) }).strict();
const positiveId = (label: string) =>
  z
    .number({ error: `${label} must be a SafetyAmp id` })
    .int()
    .positive();
const integerReference = (label: string) =>
  z.union([positiveId(label), entityRef], { error: `${label} must be a SafetyAmp id` });
const userReference = (label: string) =>
  z.union([z.string().min(1), entityRef], { error: `${label} must be a SafetyAmp user id` });
const requiredIntegerReference = (label: string) =>
  z.union([positiveId(label), entityRef], {
    error: (issue) =>
      issue.input === undefined ? `${label} is required` : `${label} must be a SafetyAmp id`,
  });

export const clusterPayloadSchema = z.object({
  name: requiredText('name'),
  external_code: text('external code').nullable().optional(),
  parent_cluster_id: integerReference('parent cluster').nullable(),
  osha_establishment: z.number().int().optional(),
});

/** The address fields sites and users share. */
const addressShape = {
  street: text('street').optional(),
  city: text('city').optional(),
  state: text('state').optional(),
  zip_code: text('zip code').optional(),
  country: text('country').optional(),
  timezone: text('time zone').optional(),
};

export const sitePayloadSchema = z.object({
  name: requiredText('name'),
  external_code: requiredText('job number'),
  cluster_id: requiredIntegerReference('cluster'),
  ...addressShape,
});

export const titlePayloadSchema = z.object({ name: requiredText('title') });

const isoDate = (label: string) =>
  z
    .string()
    .regex(ISO_DATE, { error: `${label} is not a date as YYYY-MM-DD` })
    .optional();
const phone = (label: string) =>
  z
    .string()
    .regex(E164, { error: `${label} is not a phone number in E.164 form` })
    .optional();

export const userPayloadSchema = z.object({
  emp_id: requiredText('employee number'),
  first_name: requiredText('first name'),
  middle_name: text('middle name').optional(),
  last_name: requiredText('last name'),
  email: z
    .string({ error: 'e-mail is required' })
    .regex(EMAIL, { error: 'e-mail is not a valid address' })
    .max(MAX_TEXT, { error: `e-mail is longer than ${MAX_TEXT} characters` }),
  gender: z.union([z.literal(0), z.literal(1)], { error: 'gender must be 0 or 1' }).optional(),
  date_of_birth: isoDate('date of birth'),
  current_hire_date: isoDate('hire date'),
  ...addressShape,
  mobile_phone: phone('mobile phone'),
  work_phone: phone('work phone'),
  home_site_id: requiredIntegerReference('home site'),
  current_title_id: integerReference('title').optional(),
  roles: z.array(z.object({ id: positiveId('role') })).optional(),
  system_access: z.boolean(),
  text_opt_out: z.union([z.literal(0), z.literal(1)]),
});

export const assetPayloadSchema = z.object({
  name: requiredText('name'),
  code: requiredText('code'),
  serial: requiredText('serial'),
  model: text('model').optional(),
  // Samsara's notes are free text: tabs and line breaks are kept.
  description: text('description', true).optional(),
  status: z.number().int().optional(),
  asset_type_id: positiveId('asset type'),
  site_id: requiredIntegerReference('site'),
  current_user_id: userReference('current user').nullable().optional(),
  vin: z.string().regex(VIN, { error: 'VIN is not 17 letters or digits' }).optional(),
  year: z.number().int().min(1900).max(2100).optional(),
});

export const PAYLOAD_SCHEMAS: Record<EntityType, z.ZodType> = {
  clusters: clusterPayloadSchema,
  sites: sitePayloadSchema,
  titles: titlePayloadSchema,
  users: userPayloadSchema,
  assets: assetPayloadSchema,
};
