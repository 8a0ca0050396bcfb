import type { EntityType, SourceSnapshot } from '../../libs/domain/index.js';

/**
 * The source fields that end up in SafetyAmp text fields, with where the value lands: the record's type and key,
 * the payload field, the label the invalid record's reason starts with, and what the field holds around the value.
 */
export interface TextSourceField {
  name: string;
  type: EntityType;
  /** The fleet key of the record the value lands in. */
  key: (value: string) => string;
  payloadField: string;
  label: string;
  /** Puts the value in the source (the fixture's one employee, job, department or vehicle). */
  place: (source: SourceSnapshot, value: string) => void;
  /** The payload value for a value that is sent. */
  sent: (value: string) => string;
  /** A free-text field: tabs and line breaks are kept. */
  multiline?: boolean;
}

const employee0 = (s: SourceSnapshot) => s.employees[0]!;
const same = (value: string) => value.trim();

export const TEXT_SOURCE_FIELDS: readonly TextSourceField[] = [
  {
    name: 'bPREH.FirstName → users.first_name',
    type: 'users',
    key: () => '101',
    payloadField: 'first_name',
    label: 'first name',
    place: (s, v) => void (employee0(s).FirstName = v),
    sent: same,
  },
  {
    name: 'bPREH.MidName → users.middle_name',
    type: 'users',
    key: () => '101',
    payloadField: 'middle_name',
    label: 'middle name',
    place: (s, v) => void (employee0(s).MidName = v),
    sent: same,
  },
  {
    name: 'bPREH.LastName → users.last_name',
    type: 'users',
    key: () => '101',
    payloadField: 'last_name',
    label: 'last name',
    place: (s, v) => void (employee0(s).LastName = v),
    sent: same,
  },
  {
    name: 'bPREH.Address → users.street',
    type: 'users',
    key: () => '101',
    payloadField: 'street',
    label: 'street',
    place: (s, v) => void (employee0(s).Address = v),
    sent: same,
  },
  {
    name: 'bPREH.City → users.city',
    type: 'users',
    key: () => '101',
    payloadField: 'city',
    label: 'city',
    place: (s, v) => void (employee0(s).City = v),
    sent: same,
  },
  {
    name: 'bPREH.udEmpTitle → user_titles.name',
    type: 'titles',
    key: (v) => v.trim().toLowerCase(),
    payloadField: 'name',
    label: 'title',
    place: (s, v) => void (employee0(s).udEmpTitle = v),
    sent: same,
  },
  {
    name: 'bJCJM.Description → sites.name',
    type: 'sites',
    key: () => '12345.',
    payloadField: 'name',
    label: 'name',
    place: (s, v) => void (s.jobs[0]!.Description = v),
    sent: (v) => `12345. - ${v.trim()}`,
  },
  {
    name: 'bJCJM.ShipCity → sites.city',
    type: 'sites',
    key: () => '12345.',
    payloadField: 'city',
    label: 'city',
    place: (s, v) => void (s.jobs[0]!.ShipCity = v),
    sent: same,
  },
  {
    name: 'bJCJM.Job → sites.external_code (the key)',
    type: 'sites',
    key: (v) => v.trim(),
    payloadField: 'external_code',
    label: 'job number',
    place: (s, v) => {
      s.jobs[0]!.Job = v;
      s.recentJobs = [];
    },
    sent: same,
  },
  {
    name: 'bPRDP.Description → site_clusters.name',
    type: 'clusters',
    key: () => 'dept:01',
    payloadField: 'name',
    label: 'name',
    place: (s, v) => void (s.departments[0]!.Description = v),
    sent: (v) => `01 - ${v.trim()}`,
  },
  {
    name: 'bPRDP.udRegion → site_clusters.name (region)',
    type: 'clusters',
    key: (v) => `region:${v.trim().toLowerCase()}`,
    payloadField: 'name',
    label: 'name',
    place: (s, v) => void (s.departments[0]!.udRegion = v),
    sent: same,
  },
  {
    name: 'Samsara vehicle name → assets.name',
    type: 'assets',
    key: () => 'GAAA-111-BBB',
    payloadField: 'name',
    label: 'name',
    place: (s, v) => void (s.vehicles[0]!.name = v),
    sent: same,
  },
  {
    name: 'Samsara vehicle notes → assets.description',
    type: 'assets',
    key: () => 'GAAA-111-BBB',
    payloadField: 'description',
    label: 'description',
    place: (s, v) => void (s.vehicles[0]!.notes = v),
    sent: same,
    multiline: true,
  },
  {
    name: 'Samsara vehicle serial → assets.serial (the key)',
    type: 'assets',
    key: (v) => v.trim(),
    payloadField: 'serial',
    label: 'serial',
    place: (s, v) => void (s.vehicles[0]!.serial = v),
    sent: same,
  },
];
