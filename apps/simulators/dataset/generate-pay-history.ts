import type { Row } from './company-dataset.js';
import type { Person } from './generate-employees.js';
import type { Random } from './random.js';
import { DAY_MS, lastSunday, vistaDate } from './vista-dates.js';

const WEEK_MS = 7 * DAY_MS;
const RECENT_WINDOW_MS = 180 * DAY_MS;
const CLASSES = ['JE', 'AP', 'FM', 'GF', 'HE', 'OP', 'WL', 'IT'] as const;

export interface PayHistory {
  rows: Row[];
  /** Employee → job of the latest company row on an open job within 180 days. */
  recentJob: Record<number, string>;
  /** Employees with a later row in the other company, on another job. */
  otherCompanyRows: number[];
}

/**
 * bPRJC, one row per weekly pay period (ending Sundays) and job: most active employees worked an open job
 * in the last 180 days, some more recently on a closed job or a second job, some long ago only; terminated
 * employees have old rows; a few employees also have a later row in another company.
 */
export function generatePayHistory(
  random: Random,
  people: Person[],
  jobs: { open: string[]; closed: string[] },
  company: number,
  asOfMs: number,
): PayHistory {
  const rows: Row[] = [];
  const recentJob: Record<number, string> = {};
  const latestMs = new Map<number, number>();
  const openJobs = new Set(jobs.open);
  const anyJob = [...jobs.open, ...jobs.closed];
  const week0 = lastSunday(asOfMs);
  const cutoff = asOfMs - RECENT_WINDOW_MS;

  const add = (person: Person, endMs: number, job: string, prCo = company) => {
    if (endMs < person.hireMs || (person.termMs !== null && endMs > person.termMs + WEEK_MS)) return;
    rows.push({
      PRCo: prCo,
      PREndDate: vistaDate(endMs),
      Job: job,
      Employee: person.employee,
      Class: random.pick(CLASSES),
    });
    if (prCo !== company || !openJobs.has(job) || endMs <= cutoff) return;
    if (endMs > (latestMs.get(person.employee) ?? 0)) {
      latestMs.set(person.employee, endMs);
      recentJob[person.employee] = job;
    }
  };

  for (const person of people) {
    if (person.active && person.invalid !== 'unknownDepartment' && jobs.open.length && random.chance(0.85)) {
      const job = random.pick(jobs.open);
      const start = random.int(0, 16);
      const weeks = random.int(1, 8);
      for (let k = start + weeks - 1; k >= start; k--) add(person, week0 - k * WEEK_MS, job);
      if (start > 0 && random.chance(0.1)) add(person, week0 - (start - 1) * WEEK_MS, random.pick(jobs.open));
      else if (start > 0 && jobs.closed.length && random.chance(0.08)) {
        add(person, week0 - (start - 1) * WEEK_MS, random.pick(jobs.closed));
      }
    }
    if (anyJob.length && (!person.active || random.chance(0.3))) {
      const end = person.termMs === null ? week0 - random.int(30, 100) * WEEK_MS : lastSunday(person.termMs);
      const job = random.pick(anyJob);
      for (let k = random.int(0, 5); k >= 0; k--) add(person, end - k * WEEK_MS, job);
    }
  }

  const otherCompanyRows = addOtherCompanyRows(
    random,
    people,
    jobs.open,
    latestMs,
    recentJob,
    week0,
    (p, ms, job) => add(p, ms, job, company === 1 ? 2 : 1),
  );
  return { rows, recentJob, otherCompanyRows };
}

/** About 0.5 % of employees with a recent job (at least one) get a later row in the other company. */
function addOtherCompanyRows(
  random: Random,
  people: Person[],
  open: string[],
  latestMs: Map<number, number>,
  recentJob: Record<number, string>,
  week0: number,
  add: (person: Person, endMs: number, job: string) => void,
): number[] {
  const candidates = people.filter((p) => (latestMs.get(p.employee) ?? week0) < week0);
  const count = Math.min(candidates.length, Math.max(1, Math.round(latestMs.size * 0.005)));
  const chosen: number[] = [];
  for (const person of random.shuffle(candidates).slice(0, count)) {
    const others = open.filter((job) => job !== recentJob[person.employee]);
    if (!others.length) continue;
    add(person, week0, random.pick(others));
    chosen.push(person.employee);
  }
  return chosen.sort((a, b) => a - b);
}
