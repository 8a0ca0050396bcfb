import { departmentKey } from '../keys.js';
import { normaliseText } from '../normalise/text.js';
import { normaliseZip } from '../normalise/zip.js';
import type { PlanSettings } from '../settings.js';
import type { InvalidRecord, VistaJobRow } from '../types.js';
import { newDesiredRecord, rowKey } from './desired-record.js';
import type { DesiredRecord } from './desired-record.js';
import { resolveReference } from './references.js';
import type { References } from './references.js';
import { valueInReason } from './value-in-reason.js';

const UNKNOWN = 'Unknown';

/**
 * One site per open job, keyed by the trimmed job number and matched by external_code (the original matched
 * by exact name and created a duplicate whenever a description changed). Its cluster is the job's department.
 * Placeholders (street/city "Unknown", the default state and zip) are sent on create only: they never
 * overwrite an address someone entered in SafetyAmp. Sites are never deactivated: the API has no field for it.
 */
export function desiredSites(
  jobs: readonly VistaJobRow[],
  settings: PlanSettings,
  refs: References,
): { records: DesiredRecord[]; keyless: InvalidRecord[] } {
  const records: DesiredRecord[] = [];
  const keyless: InvalidRecord[] = [];
  jobs.forEach((row, index) => {
    const job = normaliseText(row.Job);
    if (job === null) {
      keyless.push({
        type: 'sites',
        key: rowKey(index),
        field: 'external_code',
        reason: 'job number is missing',
      });
      return;
    }
    const description = normaliseText(row.Description);
    const record = newDesiredRecord('sites', job, {
      name: description === null ? job : `${job} - ${description}`,
      external_code: job,
      country: settings.country,
      timezone: settings.timezone,
    });
    const createOnly: string[] = [];
    const withDefault = (field: string, value: string | null, fallback: string): void => {
      record.payload[field] = value ?? fallback;
      if (value === null) createOnly.push(field);
    };
    withDefault('street', normaliseText(row.ShipAddress), UNKNOWN);
    withDefault('city', normaliseText(row.ShipCity), UNKNOWN);
    withDefault('state', normaliseText(row.ShipState), settings.defaultSiteState);
    const zip = normaliseZip(row.ShipZip, settings.country);
    if (zip === null && normaliseText(row.ShipZip) !== null) {
      record.warnings.push({
        field: 'zip_code',
        reason: 'ship zip is not a valid zip code; the default was used',
      });
    }
    withDefault('zip_code', zip, settings.defaultZip);
    record.createOnly = createOnly;

    const department = normaliseText(row.Department);
    const cluster =
      department === null ? undefined : resolveReference(refs, 'clusters', departmentKey(department));
    if (cluster !== undefined) record.payload.cluster_id = cluster;
    else
      record.problems.push({
        field: 'cluster_id',
        reason:
          department === null
            ? 'job has no department'
            : `department ${valueInReason(department)} is not a SafetyAmp cluster and is not created by this run`,
      });
    records.push(record);
  });
  return { records, keyless };
}
