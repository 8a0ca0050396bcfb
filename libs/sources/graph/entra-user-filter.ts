import type { GraphUser } from '../../domain/types.js';

/**
 * Whether an Entra user can stand for an employee (domain.md §5): enabled, with an employeeId and a mail
 * that is not a tenant-internal `...onmicrosoft.com` address.
 */
export function isMatchableEntraUser(user: GraphUser): boolean {
  if (user.accountEnabled === false) return false;
  if (!user.employeeId || !user.employeeId.trim()) return false;
  if (!user.mail || !user.mail.trim()) return false;
  return !user.mail.toLowerCase().includes('onmicrosoft');
}
