import { createHash } from 'node:crypto';

const SHAPE_LIMIT = 1_000;
// Payloads come in a few shapes (the same fields in the same order); their sorted keys are worked out once.
const sortedKeysByShape = new Map<string, readonly (readonly [string, string])[]>();

/** JSON with object keys sorted (undefined members left out), so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  let text = '{';
  let first = true;
  for (const [key, quoted] of sortedKeys(record)) {
    const member = record[key];
    if (member === undefined) continue;
    text += `${first ? '' : ','}${quoted}:${canonicalJson(member)}`;
    first = false;
  }
  return `${text}}`;
}

/** SHA-256 (hex) of the canonical JSON of a value. */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function sortedKeys(record: Record<string, unknown>): readonly (readonly [string, string])[] {
  const keys = Object.keys(record);
  const shape = keys.join('\u0000');
  let sorted = sortedKeysByShape.get(shape);
  if (sorted === undefined) {
    sorted = keys.sort().map((key) => [key, JSON.stringify(key)] as const);
    if (sortedKeysByShape.size >= SHAPE_LIMIT) sortedKeysByShape.clear();
    sortedKeysByShape.set(shape, sorted);
  }
  return sorted;
}
