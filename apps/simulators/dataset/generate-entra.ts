import type { GraphUser } from '../../../libs/domain/types.js';
import type { Person } from './generate-employees.js';
import type { Random } from './random.js';
import { MAIL_DOMAIN, TENANT_DOMAIN } from './vocabulary.js';

const SERVICE_ACCOUNTS = [
  'scan.to.email',
  'conference.room.lc',
  'safety.kiosk',
  'payroll.noreply',
  'it.helpdesk',
];

export interface EntraDirectory {
  users: GraphUser[];
  disabled: string[];
  onMicrosoft: string[];
}

/**
 * Entra users: one per employee the generator placed in Entra (`employeeId` = String(Employee), lower-case
 * company mail), disabled ones for some terminated employees and a few active ones, a few with a tenant
 * `...onmicrosoft.com` mail, and service accounts without an employeeId.
 */
export function generateEntraUsers(random: Random, people: Person[]): EntraDirectory {
  const users: GraphUser[] = [];
  const disabled: string[] = [];
  const onMicrosoft: string[] = [];
  const serviceEvery = Math.max(
    1,
    Math.floor(people.length / Math.max(3, Math.round(people.length * 0.005))),
  );

  people.forEach((person, i) => {
    if (person.entra !== 'none') {
      const mail =
        person.entra === 'onmicrosoft'
          ? person.companyMail.replace(`@${MAIL_DOMAIN}`, `@${TENANT_DOMAIN}`)
          : person.companyMail;
      const user: GraphUser = {
        id: guid(random),
        employeeId: String(person.employee),
        mail,
        userPrincipalName: mail,
        accountEnabled: person.entra !== 'disabled',
        mobilePhone: random.chance(0.6)
          ? `+1 ${person.areaCode} ${random.int(200, 989)} ${random.chars(4, '0123456789')}`
          : null,
        businessPhones: random.chance(0.4)
          ? [`${person.areaCode}-${random.int(200, 989)}-${random.chars(4, '0123456789')}`]
          : [],
      };
      users.push(user);
      if (person.entra === 'disabled') disabled.push(user.id);
      if (person.entra === 'onmicrosoft') onMicrosoft.push(user.id);
    }
    if (i % serviceEvery === 0) {
      const name = `${SERVICE_ACCOUNTS[(i / serviceEvery) % SERVICE_ACCOUNTS.length] as string}${i ? i : ''}`;
      users.push({
        id: guid(random),
        employeeId: null,
        mail: `${name}@${MAIL_DOMAIN}`,
        userPrincipalName: `${name}@${MAIL_DOMAIN}`,
        accountEnabled: true,
        mobilePhone: null,
        businessPhones: [],
      });
    }
  });
  return { users, disabled, onMicrosoft };
}

function guid(random: Random): string {
  const hex = '0123456789abcdef';
  return `${random.chars(8, hex)}-${random.chars(4, hex)}-4${random.chars(3, hex)}-${random.pick(['8', '9', 'a', 'b'])}${random.chars(3, hex)}-${random.chars(12, hex)}`;
}
