import type { Logger } from '../../platform/logger.js';
import { VistaQueryError } from './errors.js';
import {
  CHANGE_TRACKING_PART,
  CHANGE_TRACKING_VERSION_SQL,
  CHECKSUM_SQL,
  PART_TABLES,
  TRACKED_TABLE_PART,
  TRACKED_TABLES_SQL,
  VISTA_READ_PARTS,
  fingerprintSql,
} from './fingerprint-queries.js';
import type { VistaReadPart } from './fingerprint-queries.js';
import { windowStart } from './recent-job-window.js';

/**
 * Per part of the Vista read, an opaque string that changes whenever the rows that part's read would return
 * change (see fingerprint-queries.ts for how, and for the rare change it can miss). Compare with `===` only.
 */
export type VistaChangeFingerprint = Record<VistaReadPart, string>;

export interface ChangeFingerprintDeps {
  /** Runs one statement (one round trip) with `@company`, plus `@since` when given. */
  query<T>(name: string, text: string, since?: Date): Promise<T[]>;
  /** The reader's recent-job window. */
  windowDays: number;
  log: Logger;
}

interface FingerprintRow {
  Part: string;
  Fingerprint: string | null;
}

/**
 * The change-detection step: one round trip per call. A part whose tables all have SQL Server change tracking
 * on is fingerprinted by the database's change-tracking version (`ct:<version>`, which moves on any change to
 * any tracked table: coarse, never blind), the others by checksum. Which tables have tracking on comes back with
 * every answer and is used from the next call on; if tracking was switched off meanwhile, the call runs a second,
 * checksum-only query.
 */
export function createChangeFingerprinter(
  deps: ChangeFingerprintDeps,
): (asOf: Date) => Promise<VistaChangeFingerprint> {
  let trackedTables = new Set<string>();

  const usesTracking = (part: VistaReadPart, tracked: Set<string>) =>
    PART_TABLES[part].every((table) => tracked.has(table.toLowerCase()));

  function learnTrackedTables(rows: FingerprintRow[]): void {
    const tables = new Set(
      rows
        .filter((r) => r.Part.startsWith(TRACKED_TABLE_PART))
        .map((r) => r.Part.slice(TRACKED_TABLE_PART.length).toLowerCase()),
    );
    const before = [...trackedTables].sort().join(',');
    const after = [...tables].sort().join(',');
    if (before !== after) {
      deps.log.info('vista change tracking', {
        trackedTables: [...tables].sort(),
        partsByChangeTracking: VISTA_READ_PARTS.filter((p) => usesTracking(p, tables)),
      });
    }
    trackedTables = tables;
  }

  async function run(tracked: Set<string>, since: Date): Promise<VistaChangeFingerprint | null> {
    const viaTracking = new Set(VISTA_READ_PARTS.filter((p) => usesTracking(p, tracked)));
    const checksummed = VISTA_READ_PARTS.filter((p) => !viaTracking.has(p));
    const selects = checksummed.map((p) => CHECKSUM_SQL[p]);
    if (viaTracking.size > 0) selects.push(CHANGE_TRACKING_VERSION_SQL);
    selects.push(TRACKED_TABLES_SQL);
    const rows = await deps.query<FingerprintRow>(
      'change-fingerprint',
      fingerprintSql(selects),
      checksummed.includes('recentJobs') ? since : undefined,
    );
    learnTrackedTables(rows);
    const byPart = new Map(rows.map((r) => [r.Part, r.Fingerprint ?? '']));
    const version = byPart.get(CHANGE_TRACKING_PART);
    if (viaTracking.size > 0 && (version === undefined || version === 'ct:')) return null;

    const fingerprint = {} as VistaChangeFingerprint;
    for (const part of VISTA_READ_PARTS) {
      if (viaTracking.has(part)) {
        // The version does not move when the window moves past a posting: the window start does.
        fingerprint[part] = part === 'recentJobs' ? `${version}:since:${since.toISOString()}` : `${version}`;
        continue;
      }
      const value = byPart.get(part);
      if (!value) throw new VistaQueryError(`the change-fingerprint query returned no row for ${part}`);
      fingerprint[part] = value;
    }
    return fingerprint;
  }

  return async (asOf) => {
    if (Number.isNaN(asOf.getTime())) throw new RangeError('asOf must be a valid Date');
    const since = windowStart(asOf, deps.windowDays);
    const fingerprint = await run(trackedTables, since);
    if (fingerprint) return fingerprint;
    // Change tracking was switched off since the last answer.
    return (await run(new Set(), since)) as VistaChangeFingerprint;
  };
}
