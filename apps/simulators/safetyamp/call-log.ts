/** One request that reached `/api`, as `GET /__sim/calls` lists it. */
export interface SimCall {
  method: string;
  /** Path without the query string, e.g. `/api/users/ab12cd34`. */
  path: string;
  query: Record<string, string>;
  /** The status answered; 0 while unanswered or when no answer was sent (connection dropped or closed). */
  status: number;
  /** Arrival time, epoch milliseconds. */
  at: number;
  /** The parsed JSON body of a write. */
  body?: unknown;
  /** The injected faults that struck this call, e.g. `applied-then-error`, `truncated-body`, `html-error`. */
  faults?: string[];
}

/** Request counts since start (or reset), by answered status ("0": no answer). */
export interface SimStats {
  byStatus: Record<string, number>;
  total: number;
  /** How many requests were answered 429. */
  rateLimited: number;
}

/** Oldest calls are forgotten past this many, so a long demo does not grow without bound. */
const MAX_CALLS = 100_000;

/** The call log and the status counters. The log can be cleared on its own; the counters only by a reset. */
export class CallLog {
  private calls: SimCall[] = [];
  private byStatus = new Map<number, number>();
  private total = 0;

  /** Logs an arriving request; its status is filled in by `answer`. */
  arrive(method: string, path: string, query: Record<string, string>, at: number): SimCall {
    const call: SimCall = { method, path, query, status: 0, at };
    this.calls.push(call);
    if (this.calls.length > MAX_CALLS) this.calls = this.calls.slice(this.calls.length - MAX_CALLS * 0.9);
    return call;
  }

  /** Notes an injected fault on a logged call. */
  struck(call: SimCall, fault: string): void {
    (call.faults ??= []).push(fault);
  }

  answer(call: SimCall, status: number): void {
    call.status = status;
    this.total += 1;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }

  list(): SimCall[] {
    return structuredClone(this.calls);
  }

  clear(): void {
    this.calls = [];
  }

  stats(): SimStats {
    const byStatus: Record<string, number> = {};
    for (const [status, count] of [...this.byStatus].sort((a, b) => a[0] - b[0]))
      byStatus[String(status)] = count;
    return { byStatus, total: this.total, rateLimited: this.byStatus.get(429) ?? 0 };
  }

  reset(): void {
    this.clear();
    this.byStatus.clear();
    this.total = 0;
  }
}
