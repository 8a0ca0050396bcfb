/**
 * SQL Server functions the reader's change-detection query uses, registered on each session's SQLite handle so
 * that the query runs unchanged: BINARY_CHECKSUM (variadic), the aggregates CHECKSUM_AGG and COUNT_BIG,
 * OBJECT_ID / OBJECT_NAME, and CHANGE_TRACKING_CURRENT_VERSION (NULL unless change tracking is switched on).
 *
 * Integer results are returned as BigInts so that SQLite stores them as INTEGER (a JS number would become REAL
 * and `CAST(... AS varchar)` would read '12.0'). A computed column goes out as sql_variant, each value with its
 * own type (int when it fits in 32 bits); the reader casts to varchar where the type matters.
 */

import type { Database } from 'better-sqlite3';
import { binaryChecksum, xorChecksums } from './binary-checksum.js';
import type { SqliteValue } from './column-types.js';
import type { CatalogTable } from './sql-server-catalog.js';

export interface SqlServerFunctionDeps {
  /** The tables of the data file with their object_id. */
  tables: readonly CatalogTable[];
  /** CHANGE_TRACKING_CURRENT_VERSION(): the version, or null when change tracking is off. */
  changeTrackingVersion(): bigint | null;
}

export function registerSqlServerFunctions(db: Database, deps: SqlServerFunctionDeps): void {
  const byName = new Map(deps.tables.map((t) => [t.name.toLowerCase(), t]));
  const byId = new Map(deps.tables.map((t) => [t.objectId, t]));

  db.function('BINARY_CHECKSUM', { deterministic: true, varargs: true }, (...values: SqliteValue[]) => {
    if (values.length === 0) {
      throw new Error('BINARY_CHECKSUM(*) is not supported by the Vista simulator: list the columns');
    }
    return BigInt(binaryChecksum(values));
  });

  db.aggregate('CHECKSUM_AGG', {
    deterministic: true,
    start: null,
    step: (total: number | null, value: SqliteValue) => {
      if (value === null) return total;
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw new Error('CHECKSUM_AGG takes an int expression');
      }
      return xorChecksums(total ?? 0, value);
    },
    result: (total: number | null) => (total === null ? null : BigInt(total)),
  });

  db.aggregate('COUNT_BIG', {
    deterministic: true,
    varargs: true,
    start: 0,
    // COUNT_BIG(*) arrives without arguments and counts every row; COUNT_BIG(x) counts the non-NULL x.
    step: (count: number, ...values: SqliteValue[]) =>
      values.length === 0 || values[0] !== null ? count + 1 : count,
    result: (count: number) => BigInt(count),
  });

  db.function('OBJECT_ID', { deterministic: true }, (name: SqliteValue) => {
    if (typeof name !== 'string') return null;
    const bare = name.replace(/^\[?dbo\]?\./i, '').replace(/^\[(.*)\]$/, '$1');
    const table = byName.get(bare.toLowerCase());
    return table ? BigInt(table.objectId) : null;
  });

  db.function('OBJECT_NAME', { deterministic: true }, (id: SqliteValue) => {
    const table = typeof id === 'number' || typeof id === 'bigint' ? byId.get(Number(id)) : undefined;
    return table ? table.name : null;
  });

  db.function('CHANGE_TRACKING_CURRENT_VERSION', { deterministic: false }, () =>
    deps.changeTrackingVersion(),
  );
}
