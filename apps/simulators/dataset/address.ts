import type { Random } from './random.js';
import { PLACES, STREETS } from './vocabulary.js';

/** A street address as clerks type it: state sometimes with a trailing space, zips in several shapes. */
export function messyAddress(random: Random): {
  street: string | null;
  city: string;
  state: string;
  zip: string | null;
} {
  const [city, state, prefix] = random.pick(PLACES);
  const zip5 = `${prefix}${random.chars(2, '0123456789')}`;
  const plus4 = random.chars(4, '0123456789');
  const zip = random.weighted<string | null>([
    [`${zip5}-${plus4}`, 70],
    [`${zip5}-`, 12],
    [zip5, 10],
    [`${zip5.slice(1)}-${plus4}`, 3],
    [null, 5],
  ]);
  return {
    street: random.chance(0.95) ? `${random.int(100, 9999)} ${random.pick(STREETS)}` : null,
    city,
    state: random.chance(0.1) ? `${state} ` : state,
    zip,
  };
}

/** A US phone number in one of the ways people write it, or junk. */
export function messyPhone(random: Random, areaCode: string): string | null {
  const exchange = String(random.int(200, 989));
  const line = random.chars(4, '0123456789');
  return random.weighted<string | null>([
    [`${areaCode}-${exchange}-${line}`, 60],
    [`(${areaCode}) ${exchange}-${line}`, 15],
    [`${areaCode}.${exchange}.${line}`, 10],
    [null, 7],
    [random.pick(['N/A', 'none', `${areaCode}-${exchange}`, `${exchange}${line}`, '000-000-0000']), 8],
  ]);
}
