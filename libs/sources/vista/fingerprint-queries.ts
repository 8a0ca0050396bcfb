/**
 * The change-detection SQL: per part of the Vista read, one row `(Part, Fingerprint)` computed over exactly the
 * rows and columns that read returns (same company filter, same predicates as queries.ts). Valid T-SQL and valid
 * SQLite like the reads (the simulator defines COUNT_BIG, CHECKSUM_AGG and BINARY_CHECKSUM); CONCAT turns the
 * numbers into one varchar in both engines, so the driver returns a string whatever the types.
 *
 * Fingerprint `checksum:<rows>:<xor>`: COUNT_BIG(*) and CHECKSUM_AGG(BINARY_CHECKSUM(<columns the read returns>)).
 * Known weakness: CHECKSUM_AGG XORs 32-bit row checksums, and BINARY_CHECKSUM is not a cryptographic hash, so a
 * change can (rarely) leave both numbers as they were: two rows whose checksums change by the same bits cancel,
 * and distinct values can share a checksum. The count catches inserts and deletes that cancel in the XOR
 * (e.g. the same new posting added twice). What slips through is caught by the scheduled full read, which ignores
 * fingerprints.
 */

/** The parts of the Vista read, each one query of reader.ts. */
export const VISTA_READ_PARTS = ['departments', 'jobs', 'employees', 'recentJobs'] as const;
export type VistaReadPart = (typeof VISTA_READ_PARTS)[number];

/** The Vista tables each part reads (what change tracking must cover for the part to use it). */
export const PART_TABLES: Record<VistaReadPart, readonly string[]> = {
  departments: ['bPRDP'],
  jobs: ['bJCJM', 'bJCCM'],
  employees: ['bPREH'],
  recentJobs: ['bPRJC', 'bJCJM'],
};

const checksum = (columns: string) =>
  `CONCAT('checksum:', COUNT_BIG(*), ':', CHECKSUM_AGG(BINARY_CHECKSUM(${columns})))`;

/** Per part, a SELECT of one row (Part, Fingerprint); `@company`, and `@since` for recentJobs. */
export const CHECKSUM_SQL: Record<VistaReadPart, string> = {
  departments: `
SELECT 'departments' AS Part, ${checksum('PRDept, Description, udRegion')} AS Fingerprint
FROM bPRDP
WHERE PRCo = @company`,
  jobs: `
SELECT 'jobs' AS Part,
       ${checksum('JM.Job, JM.Description, JM.Contract, CM.Department, JM.ShipAddress, JM.ShipCity, JM.ShipState, JM.ShipZip')} AS Fingerprint
FROM bJCJM JM
LEFT JOIN bJCCM CM ON CM.JCCo = JM.JCCo AND CM.Contract = JM.Contract
WHERE JM.JCCo = @company AND JM.JobStatus = 1`,
  employees: `
SELECT 'employees' AS Part,
       ${checksum('Employee, FirstName, MidName, LastName, Sex, PRDept, Email, udEmpTitle, BirthDate, HireDate, Phone, Address, City, State, Zip')} AS Fingerprint
FROM bPREH
WHERE PRCo = @company AND HireDate IS NOT NULL AND TermDate IS NULL`,
  // Every posting the ranking of recentJobsSql looks at: a posting entering or leaving the window (the window
  // moves with asOf) changes the set, so the predicate on @since makes the moving window part of the fingerprint.
  recentJobs: `
SELECT 'recentJobs' AS Part, ${checksum('JC.Employee, JC.Job, JC.PREndDate')} AS Fingerprint
FROM bPRJC JC
INNER JOIN bJCJM JM ON JM.JCCo = JC.PRCo AND JM.Job = JC.Job
WHERE JC.PRCo = @company AND JM.JobStatus = 1 AND JC.PREndDate >= @since`,
};

/** The part name of the change-tracking row of a fingerprint query. */
export const CHANGE_TRACKING_PART = 'changeTracking';

/** The database's change-tracking version as `ct:<version>`; `ct:` alone when change tracking is off. */
export const CHANGE_TRACKING_VERSION_SQL = `
SELECT '${CHANGE_TRACKING_PART}' AS Part, CONCAT('ct:', CHANGE_TRACKING_CURRENT_VERSION()) AS Fingerprint`;

/** One statement, one round trip: the rows of the given SELECTs. */
export function fingerprintSql(selects: readonly string[]): string {
  return selects.map((s) => s.trim()).join('\nUNION ALL\n');
}

/** Prefix of the Part of a row naming a Vista table that has change tracking on. */
export const TRACKED_TABLE_PART = 'tracked:';

const VISTA_TABLES = [...new Set(Object.values(PART_TABLES).flat())];

/**
 * One row `tracked:<table>` per Vista table with change tracking on, when it is on for the database (no rows
 * otherwise). Part of every fingerprint query, so the reader learns what it may use next time at no extra round
 * trip. Needs no permission beyond the SELECT the reader has: catalog views show the tables a login may read.
 */
export const TRACKED_TABLES_SQL = `
SELECT CONCAT('${TRACKED_TABLE_PART}', OBJECT_NAME(object_id)) AS Part, '' AS Fingerprint
FROM sys.change_tracking_tables
WHERE CHANGE_TRACKING_CURRENT_VERSION() IS NOT NULL
  AND object_id IN (${VISTA_TABLES.map((t) => `OBJECT_ID('${t}')`).join(', ')})`;
