import { ENTITY_TYPES } from '../../libs/domain/types.js';
import type {
  EntityType,
  Payload,
  PayloadValue,
  RunPlan,
  SafetyAmpSnapshot,
} from '../../libs/domain/types.js';

/** How SafetyAmp might hand a written record back (formats differ from what was sent). */
export type RecordRendering = (type: EntityType, record: Record<string, unknown>) => Record<string, unknown>;

const LISTS = {
  clusters: 'clusters',
  sites: 'sites',
  titles: 'titles',
  users: 'users',
  assets: 'assets',
} as const;

/**
 * What SafetyAmp holds after every change of a plan succeeded, worked out without a server: creates get fresh
 * ids, EntityRefs resolve to the ids created earlier in the same plan, updates and deactivations merge their
 * payload (PATCH). `render` rewrites each written record as the API might return it.
 */
export function applyPlan(
  plan: RunPlan,
  snapshot: SafetyAmpSnapshot,
  render: RecordRendering = (_type, record) => record,
): SafetyAmpSnapshot {
  const next = structuredClone(snapshot);
  const created = new Map<string, number | string>();
  let nextId = 1_000_000;
  for (const type of ENTITY_TYPES) {
    const list = next[LISTS[type]] as unknown as Record<string, unknown>[];
    const byId = new Map(list.map((record, index) => [String(record.id), index]));
    for (const change of plan.entities[type]?.changes ?? []) {
      const payload = resolve(change.payload, created);
      if (change.action === 'create') {
        const id = type === 'users' ? `n${nextId++}` : nextId++;
        created.set(`${type}|${change.key}`, id);
        const record: Record<string, unknown> = { id, ...payload };
        if (type === 'clusters') record.depth = depthOf(list, payload.parent_cluster_id);
        list.push(render(type, record));
      } else {
        const index = byId.get(String(change.id));
        if (index === undefined) throw new Error(`${type} ${String(change.id)} is not in the snapshot`);
        list[index] = render(type, { ...list[index], ...payload });
      }
    }
  }
  return next;
}

function resolve(payload: Payload, created: Map<string, number | string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(payload)) out[field] = resolveValue(value, created);
  return out;
}

function resolveValue(value: PayloadValue, created: Map<string, number | string>): unknown {
  if (typeof value === 'object' && value !== null && '$ref' in value) {
    const id = created.get(`${value.$ref}|${value.key}`);
    if (id === undefined) throw new Error(`unresolved reference ${value.$ref} ${value.key}`);
    return id;
  }
  return value;
}

function depthOf(clusters: Record<string, unknown>[], parentId: unknown): number {
  if (parentId === null || parentId === undefined) return 0;
  const parent = clusters.find((cluster) => cluster.id === parentId);
  return typeof parent?.depth === 'number' ? parent.depth + 1 : 1;
}
