import type { Row } from './company-dataset.js';
import { messyAddress, messyPhone } from './address.js';
import type { Department } from './generate-departments.js';
import { UNKNOWN_DEPARTMENT_CODES } from './generate-departments.js';
import type { Random } from './random.js';
import { DAY_MS, vistaDate } from './vista-dates.js';
import {
  AREA_CODES,
  FIRST_NAMES_F,
  FIRST_NAMES_M,
  LAST_NAMES,
  MAIL_DOMAIN,
  PERSONAL_MAIL_DOMAINS,
  TITLES,
} from './vocabulary.js';

export type InvalidKind = 'missingLastName' | 'noEmail' | 'duplicateEmail' | 'unknownDepartment';
const INVALID_KINDS: InvalidKind[] = ['missingLastName', 'noEmail', 'duplicateEmail', 'unknownDepartment'];

/** How a person appears in Entra ID: `none` = no account. */
export type EntraPresence = 'enabled' | 'disabled' | 'onmicrosoft' | 'none';

/** An employee as the generator knows them, beyond their bPREH row. */
export interface Person {
  employee: number;
  firstName: string;
  lastName: string;
  active: boolean;
  invalid: InvalidKind | null;
  /** `first.last@company`, unique: what Entra holds. */
  companyMail: string;
  entra: EntraPresence;
  areaCode: string;
  hireMs: number;
  termMs: number | null;
}

/**
 * bPREH: `active` employees plus `terminated` ones (TermDate set), in employee-number order, with the mess
 * real payroll data has. `invalid` of the active ones get one defect each (missing last name, no e-mail
 * anywhere, an e-mail another employee has, an unknown department), in equal shares.
 */
export function generateEmployees(
  random: Random,
  counts: { active: number; terminated: number; invalid: number },
  departments: Department[],
  company: number,
  asOfMs: number,
): { rows: Row[]; people: Person[] } {
  const total = counts.active + counts.terminated;
  const terminated = random.shuffle([
    ...Array<boolean>(counts.active).fill(false),
    ...Array<boolean>(counts.terminated).fill(true),
  ]);
  const activeIndexes = random.shuffle(terminated.flatMap((t, i) => (t ? [] : [i])));
  const invalidAt = new Map<number, InvalidKind>();
  activeIndexes
    .slice(0, counts.invalid)
    .forEach((i, n) => invalidAt.set(i, INVALID_KINDS[n % 4] as InvalidKind));
  const staffed = departments.filter((d) => d.region !== null);
  const unknownDepartment = UNKNOWN_DEPARTMENT_CODES.find(
    (c) => !departments.some((d) => d.code === c),
  ) as string;
  const usedMails = new Set<string>();

  const people: Person[] = [];
  const rows: Row[] = [];
  let employee = 1000;
  for (let i = 0; i < total; i++) {
    employee += random.int(1, 3);
    const sex = random.chance(0.88) ? 'M' : 'F';
    const firstName = random.pick(sex === 'M' ? FIRST_NAMES_M : FIRST_NAMES_F);
    const lastName = random.pick(LAST_NAMES);
    const active = !terminated[i];
    const invalid = invalidAt.get(i) ?? null;
    const companyMail = uniqueMail(`${clean(firstName)}.${clean(lastName)}`, usedMails);
    const entra = entraPresence(random, active, invalid);
    const ageYears = random.int(19, 66);
    const birthMs = asOfMs - ageYears * 365.25 * DAY_MS - random.int(0, 364) * DAY_MS;
    const earliestHire = Math.max(birthMs + 18 * 365.25 * DAY_MS, Date.UTC(1990, 0, 1));
    const hireMs = dayOf(earliestHire + random.next() * (asOfMs - 7 * DAY_MS - earliestHire));
    const termMs = active ? null : dayOf(hireMs + random.next() * Math.max(0, asOfMs - DAY_MS - hireMs));
    const areaCode = random.pick(AREA_CODES);
    const address = messyAddress(random);
    const person: Person = {
      employee,
      firstName,
      lastName,
      active,
      invalid,
      companyMail,
      entra,
      areaCode,
      hireMs,
      termMs,
    };
    people.push(person);
    rows.push({
      PRCo: company,
      Employee: employee,
      FirstName: firstName,
      MidName: random.weighted<string | null>([
        [random.chars(1, 'ABCDEFGHJKLMNPRSTW'), 35],
        [random.pick(FIRST_NAMES_M), 10],
        [null, 55],
      ]),
      LastName: invalid === 'missingLastName' ? (random.chance(0.5) ? null : '') : lastName,
      SortName: `${lastName}${firstName}`
        .toUpperCase()
        .replace(/[^A-Z]/g, '')
        .slice(0, 15),
      Sex: sex,
      PRDept: invalid === 'unknownDepartment' ? unknownDepartment : random.pick(staffed).code,
      Email: vistaEmail(random, person),
      udEmpTitle: random.weighted<string | null>([
        [random.pick(TITLES), 95],
        [`${random.pick(TITLES)} `, 2],
        [null, 3],
      ]),
      BirthDate: vistaDate(dayOf(birthMs)),
      HireDate: vistaDate(hireMs),
      TermDate: termMs === null ? null : vistaDate(termMs),
      Phone: messyPhone(random, areaCode),
      Address: address.street,
      City: address.city,
      State: address.state,
      Zip: address.zip,
    });
  }
  giveDuplicateEmails(random, people, rows);
  return { rows, people };
}

function entraPresence(random: Random, active: boolean, invalid: InvalidKind | null): EntraPresence {
  if (invalid === 'noEmail' || invalid === 'duplicateEmail') return 'none';
  if (!active) return random.chance(0.6) ? 'disabled' : 'none';
  return random.weighted<EntraPresence>([
    ['enabled', 92],
    ['none', 6],
    ['disabled', 1],
    ['onmicrosoft', 1],
  ]);
}

/** The bPREH e-mail: often the company address in some spelling, sometimes personal; null only when Entra has one. */
function vistaEmail(random: Random, person: Person): string | null {
  if (person.invalid === 'noEmail' || person.invalid === 'duplicateEmail') return null;
  const [local = '', domain = ''] = person.companyMail.split('@');
  const proper = local.replace(/(^|\.)([a-z])/g, (_m, dot: string, ch: string) => dot + ch.toUpperCase());
  const personal = `${clean(person.firstName).slice(0, 1)}${clean(person.lastName)}${person.employee % 1000}@${random.pick(PERSONAL_MAIL_DOMAINS)}`;
  return random.weighted<string | null>([
    [`${proper}@${domain.replace(/^iandi/, 'IandI')}`, 45],
    [person.companyMail, 20],
    [random.chance(0.5) ? ` ${person.companyMail}` : `${local} @${domain}`, 8],
    [personal, 12],
    [person.entra === 'enabled' ? null : person.companyMail, 15],
  ]);
}

/** Each duplicate-e-mail employee gets the company address of an employee who has it in Entra. */
function giveDuplicateEmails(random: Random, people: Person[], rows: Row[]): void {
  const owners = people.filter((p) => p.active && p.invalid === null && p.entra === 'enabled');
  people.forEach((person, i) => {
    if (person.invalid !== 'duplicateEmail' || owners.length === 0) return;
    (rows[i] as Row).Email = random.pick(owners).companyMail;
  });
}

function uniqueMail(local: string, used: Set<string>): string {
  let candidate = `${local}@${MAIL_DOMAIN}`;
  for (let n = 2; used.has(candidate); n++) candidate = `${local}${n}@${MAIL_DOMAIN}`;
  used.add(candidate);
  return candidate;
}

function clean(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}

function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
