import type { EntityType } from '../types.js';

/** How a field's two sides are brought to one form before they are compared. */
export type FieldKind =
  'text' | 'email' | 'phone' | 'date' | 'gender' | 'flag' | 'integer' | 'reference' | 'zip' | 'roles';

/**
 * The fields the fleet keeps in step, per type, with their kind. A field that is not listed is sent on create
 * only (osha_establishment, a site's country and time zone, a user's emp_id, time zone and text_opt_out).
 * Titles have no update call in the API, so nothing of an existing title is compared.
 */
export const DIFFED_FIELDS: Record<EntityType, Readonly<Record<string, FieldKind>>> = {
  clusters: { name: 'text', external_code: 'text', parent_cluster_id: 'reference' },
  sites: {
    name: 'text',
    external_code: 'text',
    cluster_id: 'reference',
    street: 'text',
    city: 'text',
    state: 'text',
    zip_code: 'zip',
  },
  titles: {},
  users: {
    first_name: 'text',
    middle_name: 'text',
    last_name: 'text',
    email: 'email',
    gender: 'gender',
    date_of_birth: 'date',
    current_hire_date: 'date',
    street: 'text',
    city: 'text',
    state: 'text',
    zip_code: 'zip',
    country: 'text',
    mobile_phone: 'phone',
    work_phone: 'phone',
    home_site_id: 'reference',
    current_title_id: 'reference',
    roles: 'roles',
    system_access: 'flag',
  },
  assets: {
    name: 'text',
    code: 'text',
    model: 'text',
    description: 'text',
    status: 'integer',
    asset_type_id: 'integer',
    site_id: 'reference',
    current_user_id: 'reference',
    vin: 'text',
    year: 'integer',
  },
};
