/**
 * TEST ONLY. Faults the simulator can inject so that tests see a slow query (the client's request timeout and
 * its ATTENTION) and a connection lost in the middle of a result. Nothing outside tests sets these; the CLI
 * offers no way to.
 */
export interface VistaTestFaults {
  /** Only statements whose SQL contains this text (case-insensitive) are affected; every statement when unset. */
  match?: string;
  /** Wait this long before answering the statement; an ATTENTION from the client ends the wait. */
  delayMs?: number;
  /** Destroy the connection after sending this many rows of the statement's result. */
  destroyAfterRows?: number;
  /** How many more statements the fault applies to; unlimited when unset. */
  times?: number;
}

export interface StatementFault {
  delayMs?: number;
  destroyAfterRows?: number;
}

/** The fault to apply to this statement, if any, counting it against `times`. */
export function takeFault(faults: VistaTestFaults, sql: string): StatementFault | null {
  if (faults.delayMs === undefined && faults.destroyAfterRows === undefined) return null;
  if (faults.match !== undefined && !sql.toLowerCase().includes(faults.match.toLowerCase())) return null;
  if (faults.times !== undefined) {
    if (faults.times <= 0) return null;
    faults.times -= 1;
  }
  return { delayMs: faults.delayMs, destroyAfterRows: faults.destroyAfterRows };
}
