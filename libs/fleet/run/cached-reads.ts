import type {
  GraphUser,
  SamsaraDriver,
  SamsaraVehicle,
  VistaDepartmentRow,
  VistaEmployeeRow,
  VistaJobRow,
  VistaRecentJobRow,
} from '../../domain/types.js';
import type { SourceCache } from '../../state/source-cache.js';

/** The parts of a Vista read, each fingerprinted and kept on its own. */
export const VISTA_PARTS = ['departments', 'jobs', 'employees', 'recentJobs'] as const;
export type VistaPart = (typeof VISTA_PARTS)[number];

export interface VistaRows {
  departments: VistaDepartmentRow[];
  jobs: VistaJobRow[];
  employees: VistaEmployeeRow[];
  recentJobs: VistaRecentJobRow[];
}

/** Graph's answer to a delta query (libs/sources/graph/user-changes.ts). */
export type DirectoryChanges =
  | { kind: 'full'; users: GraphUser[]; deltaLink: string }
  | { kind: 'delta'; changed: GraphUser[]; removedIds: string[]; deltaLink: string }
  | { kind: 'expired'; reason: string };

/** Samsara's answer to a read of what changed since a time (libs/sources/samsara/vehicle-changes.ts). */
export interface VehicleChanges {
  kind: 'full' | 'changes';
  vehicles: SamsaraVehicle[];
  drivers: SamsaraDriver[];
  nextSince: Date;
}

/**
 * How a source was read this run: `full` (everything, from the source), `changes` (only what changed, applied to
 * the kept read) or `unchanged` (the cheap question said nothing changed: the kept read as it was).
 */
export type ReadMode = 'full' | 'changes' | 'unchanged';

/** What a cached read returns: the data to plan with, how it was read and how many rows or records it moved. */
export interface CachedRead<T> {
  data: T;
  mode: ReadMode;
  /** Rows or records the source sent (not those taken from the cache). */
  rowsRead: number;
}

/** What the cheap paths need: where reads are kept, how old a kept read may get, and the clock. */
export interface SourceReadCache {
  cache: SourceCache;
  /** SOURCE_FULL_READ_INTERVAL: a kept read older than this is read again in full. */
  fullReadIntervalMs: number;
  now: () => Date;
}

/** The names the kept reads go by in the cache. */
export const CACHE_NAMES = ['graph', 'samsara', ...VISTA_PARTS.map((p) => `vista.${p}`), 'plan'] as const;

function fullReadDue(options: SourceReadCache, kept: { fullReadAt: Date } | null): boolean {
  return kept === null || options.now().getTime() - kept.fullReadAt.getTime() >= options.fullReadIntervalMs;
}

/**
 * Vista: one fingerprint round trip, then only the parts whose fingerprint moved (or whose kept read is missing or
 * older than the full-read interval) are read again; the others come from the cache. The fingerprint is taken
 * before any read, so a change made meanwhile moves the next fingerprint.
 */
export async function readVistaCached(
  fingerprint: (asOf: Date) => Promise<Record<VistaPart, string>>,
  readPart: <P extends VistaPart>(part: P) => Promise<VistaRows[P]>,
  parts: readonly VistaPart[],
  asOf: Date,
  options: SourceReadCache,
): Promise<CachedRead<Partial<VistaRows>> & { partsRead: VistaPart[] }> {
  const now = await fingerprint(asOf);
  const data: Partial<VistaRows> = {};
  const partsRead: VistaPart[] = [];
  let rowsRead = 0;
  let anyFull = false;
  await Promise.all(
    parts.map(async (part) => {
      const name = `vista.${part}`;
      const kept = await options.cache.get<VistaRows[typeof part]>(name);
      const due = fullReadDue(options, kept);
      if (!due && kept && kept.cursor === now[part]) {
        (data as Record<VistaPart, unknown>)[part] = kept.data;
        return;
      }
      const rows = await readPart(part);
      (data as Record<VistaPart, unknown>)[part] = rows;
      partsRead.push(part);
      rowsRead += rows.length;
      if (due) anyFull = true;
      await options.cache.put(name, { data: rows, cursor: now[part], fullReadAt: options.now() });
    }),
  );
  const mode: ReadMode = partsRead.length === 0 ? 'unchanged' : anyFull ? 'full' : 'changes';
  return { data, mode, rowsRead, partsRead };
}

/**
 * Entra ID: the delta query continues from the kept link and its changes are applied to the kept users (by Graph
 * id); no kept link, an expired one or a due full read start a new round with no link (a full read).
 */
export async function readDirectoryCached(
  readUserChanges: (deltaLink: string | null) => Promise<DirectoryChanges>,
  options: SourceReadCache,
): Promise<CachedRead<GraphUser[]>> {
  const kept = await options.cache.get<GraphUser[]>('graph');
  let changes = await readUserChanges(fullReadDue(options, kept) ? null : (kept?.cursor ?? null));
  if (changes.kind === 'expired') changes = await readUserChanges(null);
  switch (changes.kind) {
    case 'expired':
      throw new Error(`Graph refused a new delta round: ${changes.reason}`);
    case 'full':
      await options.cache.put('graph', {
        data: changes.users,
        cursor: changes.deltaLink,
        fullReadAt: options.now(),
      });
      return { data: changes.users, mode: 'full', rowsRead: changes.users.length };
    case 'delta': {
      const base = kept as NonNullable<typeof kept>;
      const rowsRead = changes.changed.length + changes.removedIds.length;
      const byId = new Map(base.data.map((u) => [u.id, u]));
      // Graph may send a change again: only a user that differs from the kept one (or leaves) changes the data.
      const differs =
        changes.removedIds.some((id) => byId.has(id)) ||
        changes.changed.some((u) => !sameRecord(byId.get(u.id), u));
      if (!differs) {
        await options.cache.moveCursor('graph', changes.deltaLink);
        return { data: base.data, mode: 'unchanged', rowsRead };
      }
      for (const id of changes.removedIds) byId.delete(id);
      for (const user of changes.changed) byId.set(user.id, user);
      const users = [...byId.values()];
      await options.cache.put('graph', {
        data: users,
        cursor: changes.deltaLink,
        fullReadAt: base.fullReadAt,
      });
      return { data: users, mode: 'changes', rowsRead };
    }
  }
}

interface KeptVehicles {
  vehicles: SamsaraVehicle[];
  drivers: SamsaraDriver[];
}

/**
 * Samsara: what changed since the kept time, applied to the kept vehicles and drivers by id; no kept read or a due
 * full read read everything. Samsara reports no deletions: a deleted vehicle leaves with the next full read.
 */
export async function readVehiclesCached(
  readVehicleChanges: (since: Date | null) => Promise<VehicleChanges>,
  options: SourceReadCache,
): Promise<CachedRead<KeptVehicles>> {
  const kept = await options.cache.get<KeptVehicles>('samsara');
  const due = fullReadDue(options, kept);
  const changes = await readVehicleChanges(due || !kept ? null : new Date(kept.cursor));
  const cursor = changes.nextSince.toISOString();
  const rowsRead = changes.vehicles.length + changes.drivers.length;
  if (changes.kind === 'full' || !kept) {
    const data = { vehicles: changes.vehicles, drivers: assignedOnly(changes.vehicles, changes.drivers) };
    await options.cache.put('samsara', { data, cursor, fullReadAt: options.now() });
    return { data, mode: 'full', rowsRead };
  }
  const vehicles = new Map(kept.data.vehicles.map((v) => [v.id, v]));
  for (const vehicle of changes.vehicles) vehicles.set(vehicle.id, vehicle);
  const drivers = new Map(kept.data.drivers.map((d) => [d.id, d]));
  for (const driver of changes.drivers) drivers.set(driver.id, driver);
  const all = [...vehicles.values()];
  const data = { vehicles: all, drivers: assignedOnly(all, [...drivers.values()]) };
  // The overlap reads the last moments again: only what differs from the kept read changes the data.
  if (sameRecord(kept.data, data)) {
    await options.cache.moveCursor('samsara', cursor);
    return { data: kept.data, mode: 'unchanged', rowsRead };
  }
  await options.cache.put('samsara', { data, cursor, fullReadAt: kept.fullReadAt });
  return { data, mode: 'changes', rowsRead };
}

/** The drivers a full read would return: those assigned to a vehicle. */
function assignedOnly(vehicles: SamsaraVehicle[], drivers: SamsaraDriver[]): SamsaraDriver[] {
  const assigned = new Set(vehicles.map((v) => v.staticAssignedDriver?.id).filter((id) => !!id));
  return drivers.filter((d) => assigned.has(d.id));
}

function sameRecord(a: unknown, b: unknown): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
