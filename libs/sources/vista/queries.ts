/**
 * The Vista queries (domain.md §2.2 Q2–Q5), corrected where the original was wrong. Each is valid T-SQL and
 * valid SQLite (the simulator runs them unchanged): no TOP, ISNULL, GETDATE() or [brackets]; values only as
 * `@name` parameters. Columns are selected by name in the order of the row types.
 */

/** Q5: departments of the company. */
export const DEPARTMENTS_SQL = `
SELECT PRDept, Description, udRegion
FROM bPRDP
WHERE PRCo = @company
ORDER BY PRDept`;

/** Q4: open jobs with their contract's department. Job is not trimmed here: the domain trims. */
export const JOBS_SQL = `
SELECT JM.Job, JM.Description, JM.Contract, CM.Department,
       JM.ShipAddress, JM.ShipCity, JM.ShipState, JM.ShipZip
FROM bJCJM JM
LEFT JOIN bJCCM CM ON CM.JCCo = JM.JCCo AND CM.Contract = JM.Contract
WHERE JM.JCCo = @company AND JM.JobStatus = 1
ORDER BY JM.Job`;

/** Q2: active employees (hired, not terminated); `@employee` narrows it to one when `oneEmployee`. */
export function employeesSql(oneEmployee: boolean): string {
  return `
SELECT Employee, FirstName, MidName, LastName, Sex, PRDept, Email, udEmpTitle,
       BirthDate, HireDate, Phone, Address, City, State, Zip
FROM bPREH
WHERE PRCo = @company AND HireDate IS NOT NULL AND TermDate IS NULL${oneEmployee ? ' AND Employee = @employee' : ''}
ORDER BY Employee`;
}

/**
 * Q3, corrected: per employee, the posting of the company (PRCo on bPRJC too) on an open job of the same
 * company (JCCo = PRCo) with the latest PREndDate on or after @since; a tie on that date goes to the highest
 * Job, so the answer is deterministic, and identical postings (bPRJC has no key) count once. ROW_NUMBER runs in
 * both engines and reads bPRJC once, in the order of the index (PRCo, Employee, PREndDate DESC, Job DESC).
 */
export function recentJobsSql(oneEmployee: boolean): string {
  return `
SELECT Employee, Job, PREndDate
FROM (
  SELECT JC.Employee, JC.Job, JC.PREndDate,
         ROW_NUMBER() OVER (PARTITION BY JC.Employee ORDER BY JC.PREndDate DESC, JC.Job DESC) AS Position
  FROM bPRJC JC
  INNER JOIN bJCJM JM ON JM.JCCo = JC.PRCo AND JM.Job = JC.Job
  WHERE JC.PRCo = @company AND JM.JobStatus = 1 AND JC.PREndDate >= @since${oneEmployee ? ' AND JC.Employee = @employee' : ''}
) RANKED
WHERE Position = 1
ORDER BY Employee`;
}

/** Health probe. */
export const PROBE_SQL = 'SELECT 1 AS ok';
