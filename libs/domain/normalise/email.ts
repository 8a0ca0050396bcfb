/** SafetyAmp's (and the original's) e-mail syntax: local@domain.tld, TLD of two letters or more. */
const EMAIL_SYNTAX = /^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$/;

/** All whitespace removed and lower-cased (domain.md §7), or null when empty. Syntax is not checked here. */
export function normaliseEmail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.replace(/\s+/g, '').toLowerCase();
  return email === '' ? null : email;
}

/** Whether a normalised e-mail has the syntax SafetyAmp accepts. */
export function isValidEmail(email: string): boolean {
  return EMAIL_SYNTAX.test(email);
}
