import { ENTITY_TYPES, type EntityType } from '../../libs/domain/types.js';
import { ConfigurationError } from '../../libs/platform/config.js';

/** Parses `--entities a,b` / `--queues a,b`: entity types in dependency order; all five when absent. */
export function parseEntityTypes(text: string | undefined, flag: string): EntityType[] {
  if (!text) return [...ENTITY_TYPES];
  const names = text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(ENTITY_TYPES as readonly string[]).includes(n));
  if (unknown.length)
    throw new ConfigurationError([
      `${flag}: unknown type ${unknown.join(', ')} (one of ${ENTITY_TYPES.join(', ')})`,
    ]);
  return ENTITY_TYPES.filter((t) => names.includes(t));
}
