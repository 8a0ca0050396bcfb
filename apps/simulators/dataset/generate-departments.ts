import type { Row } from './company-dataset.js';
import type { Random } from './random.js';
import { DEPARTMENT_NAMES, REGIONS } from './vocabulary.js';

export interface Department {
  code: string;
  description: string;
  region: string | null;
}

/** Codes no department gets: employees and contracts that point at them have an unknown department. */
export const UNKNOWN_DEPARTMENT_CODES = ['99', '00'];

/**
 * bPRDP: `count` departments with distinct 2-digit codes, spread over regions (about six per region); from
 * ten departments on, the last one has no region (an old department nobody is in any more).
 */
export function generateDepartments(
  random: Random,
  count: number,
  company: number,
): { rows: Row[]; departments: Department[]; regions: string[] } {
  if (count < 1 || count > 98) throw new RangeError('departments must be between 1 and 98');
  const regionCount = Math.min(REGIONS.length, Math.max(1, Math.ceil(count / 6)));
  const regions = REGIONS.slice(0, regionCount);
  const codes = new Set<number>();
  while (codes.size < count) codes.add(random.int(1, 98));
  const sorted = [...codes].sort((a, b) => a - b);
  const departments = sorted.map((n, i): Department => {
    const region = count >= 10 && i === count - 1 ? null : (regions[i % regionCount] as string);
    const name = random.pick(DEPARTMENT_NAMES);
    return {
      code: String(n).padStart(2, '0'),
      description: region === null ? `${name} (inactive)` : `${name} ${region}`,
      region,
    };
  });
  const rows = departments.map((d) => ({
    PRCo: company,
    PRDept: d.code,
    Description: d.description,
    udRegion: d.region,
  }));
  return { rows, departments, regions: [...regions] };
}
