import type { Payload, PlannedChange } from '../../libs/domain/types.js';
import { plannedChange } from '../../libs/domain/plan/planned-change.js';

/**
 * `count` user creates shaped like the planner's (same fields, real fingerprints), with made-up keys and no
 * personal data. `withReferences` adds the home-site and title references a real plan carries; leave them out
 * when the changes are sent to a simulator that holds no sites or titles.
 */
export function syntheticUserCreates(
  count: number,
  options: { firstKey?: number; withReferences?: boolean } = {},
): PlannedChange[] {
  const first = options.firstKey ?? 900_000;
  return Array.from({ length: count }, (_, i) => {
    const key = String(first + i);
    const payload: Payload = {
      emp_id: key,
      first_name: 'Bench',
      last_name: `Worker${key}`,
      email: `bench.${key}@example.test`,
      date_of_birth: '1980-01-01',
      current_hire_date: '2020-01-01',
      street: '1 Main St',
      city: 'Sulphur',
      state: 'LA',
      zip_code: '70663',
      country: 'US',
      timezone: 'America/Chicago',
      mobile_phone: `+1337555${String(i % 10_000).padStart(4, '0')}`,
      work_phone: `+1337555${String(i % 10_000).padStart(4, '0')}`,
      system_access: true,
      text_opt_out: 1,
    };
    if (options.withReferences) {
      payload.home_site_id = { $ref: 'sites', key: `${1_000 + (i % 2_000)}.` };
      payload.current_title_id = { $ref: 'titles', key: `operator ${i % 50}` };
      payload.roles = [{ id: 3 }];
    }
    return plannedChange({ type: 'users', key, action: 'create', payload }, { payload });
  });
}
