import { employeeKey } from '../keys.js';
import type { SamsaraDriver } from '../types.js';

const EMPLOYEE_NUMBER = /\d{4,}/;

/** The employee key written in a Samsara driver's notes: the first run of four or more digits (domain.md §4.5). */
export function driverEmployeeKey(driver: Pick<SamsaraDriver, 'notes'>): string | null {
  const match = typeof driver.notes === 'string' ? EMPLOYEE_NUMBER.exec(driver.notes) : null;
  return match === null ? null : employeeKey(match[0]);
}
