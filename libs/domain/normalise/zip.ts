import { normaliseText } from './text.js';

const ZIP5 = /^\d{5}$/;
const ZIP9 = /^(\d{5})-?(\d{4})$/;
const ZIP_LOST_ZERO = /^\d{4}(?:-\d{4})?$/;

/**
 * A US zip as `NNNNN` or `NNNNN-NNNN`, mending what Vista holds (domain.md §2.3: `NNNNN-`, `NNNN-NNNN`
 * whose leading zero was lost, `NNNNNNNNN`); null when it is no zip. Outside the US only trimmed.
 */
export function normaliseZip(value: unknown, country = 'US'): string | null {
  const text = normaliseText(value);
  if (text === null || country.toUpperCase() !== 'US') return text;
  const zip = text.replace(/-$/, '');
  if (ZIP5.test(zip)) return zip;
  const nine = ZIP9.exec(zip);
  if (nine !== null) return `${nine[1]}-${nine[2]}`;
  if (ZIP_LOST_ZERO.test(zip)) return `0${zip}`;
  return null;
}
