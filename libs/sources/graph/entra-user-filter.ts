import type { GraphUser } from '../../domain/types.js';

/**
 * `accountEnabled` as Graph's `$filter=accountEnabled eq true` reads it, except that a missing value counts as
 * enabled (a delta round may not carry it): anything but true, absent or null (`false`, `"yes"`) is not enabled.
 */
function isEnabled(value: unknown): boolean {
  return value === true || value === undefined || value === null;
}

/**
 * Whether an Entra user can stand for an employee (domain.md §5): enabled, with an employeeId and a mail
 * that is not a tenant-internal `...onmicrosoft.com` address.
 */
export function isMatchableEntraUser(user: GraphUser): boolean {
  // Graph's answers are typed loosely here on purpose: a property of the wrong type makes a user unmatchable, never
  // a TypeError that fails the whole read.
  if (typeof user !== 'object' || user === null || !isEnabled(user.accountEnabled)) return false;
  const { employeeId, mail } = user as { employeeId?: unknown; mail?: unknown };
  if (typeof employeeId !== 'string' || !employeeId.trim()) return false;
  if (typeof mail !== 'string' || !mail.trim()) return false;
  return !mail.toLowerCase().includes('onmicrosoft');
}
