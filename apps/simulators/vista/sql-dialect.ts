/**
 * The SQL the simulator accepts: statements valid in both T-SQL and SQLite, run by SQLite unchanged, with
 * `@name` parameters. The only translations (each unavoidable, see README.md):
 *  1. A batch is split into statements at top-level `;` (SQLite prepares one statement at a time).
 *  2. Leading `SET ...` lines (session options: tedious sends `set textsize ...`, `set ansi_nulls on`... at
 *     login, mssql may send `SET NOCOUNT ON`) are accepted as no-ops; a statement of only SET lines does nothing.
 * Everything else (TOP, ISNULL, GETDATE(), [brackets]...) reaches SQLite and fails there with a clear error.
 */

/** Splits a batch at top-level semicolons, keeping quoted text and comments intact; drops empty statements. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === "'" || c === '"' || c === '[') {
      const close = c === '[' ? ']' : c;
      i++;
      while (i < sql.length) {
        if (sql[i] === close) {
          if (sql[i + 1] === close) i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (c === '-' && next === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (c === ';') {
      statements.push(sql.slice(start, i));
      start = ++i;
    } else i++;
  }
  statements.push(sql.slice(start));
  return statements.map((s) => s.trim()).filter((s) => s.length > 0);
}

const SET_LINE = /^\s*set\s+\S/i;

/** The statement without its leading session-option (SET) lines; '' when it was only those. */
export function withoutSessionOptions(statement: string): string {
  const lines = statement.split(/\r?\n/);
  let first = 0;
  while (
    first < lines.length &&
    (SET_LINE.test(lines[first] as string) || (lines[first] as string).trim() === '')
  ) {
    first++;
  }
  return lines.slice(first).join('\n').trim();
}

/** SQL Server error numbers for the SQLite failures a client is most likely to meet. */
export function sqlServerErrorNumber(sqliteMessage: string): number {
  if (/no such table/i.test(sqliteMessage)) return 208; // Invalid object name
  if (/no such column/i.test(sqliteMessage)) return 207; // Invalid column name
  if (/syntax error|incomplete input|unrecognized token/i.test(sqliteMessage)) return 102; // Incorrect syntax
  if (/missing named parameter/i.test(sqliteMessage)) return 137; // Must declare the scalar variable
  if (/readonly|read-only/i.test(sqliteMessage)) return 3906; // database is read-only
  return 50000;
}
