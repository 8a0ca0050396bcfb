/**
 * The requests (round trips) the simulator ran, newest last, so that a test can count them: one SQL batch or one
 * RPC is one round trip. Batches of session options only (what tedious sends at login) are not counted.
 */

/** One request that ran at least one statement. */
export interface VistaRequest {
  at: number;
  kind: 'batch' | 'rpc';
  /** The SQL text as the client sent it. */
  sql: string;
  /** TEST ONLY: set when a test fault cut the connection in the middle of this request's result. */
  fault?: 'connection-cut';
}

/** Older entries are dropped past this many, so a long-running simulator does not grow. */
const KEPT = 10_000;

export class RequestLog {
  private readonly entries: VistaRequest[] = [];

  /** Records a request; the entry is returned so that its outcome can be marked on it. */
  record(kind: VistaRequest['kind'], sql: string): VistaRequest {
    const entry: VistaRequest = { at: Date.now(), kind, sql };
    this.entries.push(entry);
    if (this.entries.length > KEPT) this.entries.splice(0, this.entries.length - KEPT);
    return entry;
  }

  list(): VistaRequest[] {
    return this.entries.map((entry) => ({ ...entry }));
  }
}
