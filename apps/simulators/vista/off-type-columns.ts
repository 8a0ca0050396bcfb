/**
 * SQLite lets any value sit in any column (text in an int column, a date before 1753 in a datetime column).
 * SQL Server cannot send such a value in the declared type, so the simulator finds these columns once, when it
 * opens the (read-only) data file, and sends them as sql_variant: every value then reaches the client as it is
 * stored, for the domain to validate.
 */

import type { Database } from 'better-sqlite3';
import { columnKey, columnTypeFromDeclared } from './column-types.js';
import { fitsSqlDateTime, parseIsoDateTime } from './datetime.js';

const INT_RANGE: Record<1 | 2 | 4 | 8, [string, string]> = {
  1: ['0', '255'],
  2: ['-32768', '32767'],
  4: ['-2147483648', '2147483647'],
  8: ['-9223372036854775808', '9223372036854775807'],
};

/** `table.column` keys (lower case) of the columns holding at least one value their declared type cannot carry. */
export function findOffTypeColumns(db: Database): Set<string> {
  db.function('vista_is_datetime', { deterministic: true }, (value: unknown) => {
    if (typeof value !== 'string') return 0;
    const ms = parseIsoDateTime(value);
    return ms !== null && fitsSqlDateTime(ms) ? 1 : 0;
  });
  const found = new Set<string>();
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    const columns = db.prepare('SELECT name, type FROM pragma_table_info(?)').all(table) as {
      name: string;
      type: string;
    }[];
    const checks: { column: string; offType: string }[] = [];
    for (const { name, type } of columns) {
      const offType = offTypeCondition(quote(name), type);
      if (offType) checks.push({ column: name, offType });
    }
    if (checks.length === 0) continue;
    const select = checks.map((c, i) => `MAX(CASE WHEN ${c.offType} THEN 1 ELSE 0 END) AS c${i}`).join(', ');
    const row = db
      .prepare(`SELECT ${select} FROM ${quote(table)}`)
      .raw()
      .get() as (number | null)[];
    checks.forEach((c, i) => {
      if (row[i] === 1) found.add(columnKey(table, c.column));
    });
  }
  return found;
}

function offTypeCondition(q: string, declared: string): string | null {
  const type = columnTypeFromDeclared(declared);
  switch (type.kind) {
    case 'int': {
      const [min, max] = INT_RANGE[type.size];
      return `${q} IS NOT NULL AND (typeof(${q}) <> 'integer' OR ${q} < ${min} OR ${q} > ${max})`;
    }
    case 'bit':
      return `${q} IS NOT NULL AND (typeof(${q}) <> 'integer' OR ${q} NOT IN (0, 1))`;
    case 'float':
      return `${q} IS NOT NULL AND typeof(${q}) NOT IN ('integer', 'real')`;
    case 'datetime':
      return `${q} IS NOT NULL AND vista_is_datetime(${q}) = 0`;
    default:
      return null;
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
