import { z } from 'zod';

/**
 * The unkind behaviours the simulator can show, every one off by default and switchable at start (CLI flags,
 * `faults` option) and at runtime (`POST /__sim/faults`, `setFaults()`). None of them breaks the API contract in
 * reference/safetyamp-api.md more than the real service may: each is something a client has to survive.
 */
export interface SafetyAmpFaults {
  // ---- before the request reaches the data (nothing is applied)
  /** Share (0..1) of requests answered 500, 502 (a proxy's HTML) or 503 before anything else is done. */
  errorRate?: number;
  /** Share (0..1) of requests answered by a load balancer's HTML page (502, 503 or 504, `text/html`). */
  htmlErrorRate?: number;
  /** The next `count` requests are answered 429 with `Retry-After: retryAfterSeconds`. */
  forced429?: { count: number; retryAfterSeconds: number };
  /** Delay added to every answer in milliseconds: a fixed value, or uniform in `[min, max]` (seeded). */
  latencyMs?: number | { min: number; max: number };

  // ---- after the request was served (a write is applied)
  /** Share (0..1) of applied writes whose connection is then destroyed: no answer at all. */
  dropAfterWriteRate?: number;
  /** Share (0..1) of applied writes that are then answered 500, 502 (HTML) or 503. */
  appliedThenErrorRate?: number;
  /** Share (0..1) of answers whose JSON body is cut mid-way, after which the connection is closed. */
  truncatedBodyRate?: number;
  /** A share of requests served at once (a write is applied) but answered only after `delayMs`. */
  slowAnswers?: { rate: number; delayMs: number };
  /**
   * Writes that arrive wait, not yet applied, while this is on; switched off, each is served (applied) and then
   * answered if its client still listens — as a server applies a request it has fully read even when the client
   * has gone. Runtime only: lets a test act (kill a process, restart Redis) while a known write is in flight.
   */
  holdWrites?: boolean;

  // ---- rules the real service does not document
  /** No uniqueness rule at all: emp_id, email, external_code, serial, title name, cluster name under a parent. */
  lenient?: boolean;
  /** Listing filters (`?emp_id=`, `?external_code=`, `?serial=`, `?name=`) are ignored: the unfiltered page. */
  ignoreFilters?: boolean;

  // ---- listings that lie
  /** `meta.last_page` is about half the truth. */
  lyingLastPage?: boolean;
  /** `meta.total` is about half the truth. */
  lyingTotal?: boolean;
  /**
   * Listings never end: `meta.last_page` always names a further page, and every page past the real last one
   * repeats that last page (`repeat-last`) or carries new made-up records (`fresh`).
   */
  endlessPages?: 'repeat-last' | 'fresh';
  /** Listed records carry their ids and every number as strings (`"12"`). */
  mistypedRecords?: boolean;
  /** The first record of every listed page (and of the cluster tree) has no `id`. */
  recordsWithoutId?: boolean;
  /** Listed records carry fields the contract does not name (`created_at`, `_links`...). */
  extraFields?: boolean;
}

const share = z.number().min(0).max(1);
const millis = z.number().min(0).max(3_600_000);

const latency = z.union([
  millis,
  z
    .object({ min: millis, max: millis })
    .strict()
    .refine((range) => range.min <= range.max, { message: 'latencyMs.min must not exceed latencyMs.max' }),
]);

/** The body of `POST /__sim/faults`: the fields given replace the current ones; null (or 0, false) switches one off. */
export const faultsPatchSchema = z
  .object({
    errorRate: share.nullable(),
    htmlErrorRate: share.nullable(),
    forced429: z
      .object({ count: z.number().int().min(0), retryAfterSeconds: z.number().int().min(0) })
      .strict()
      .nullable(),
    latencyMs: latency.nullable(),
    dropAfterWriteRate: share.nullable(),
    appliedThenErrorRate: share.nullable(),
    truncatedBodyRate: share.nullable(),
    slowAnswers: z.object({ rate: share, delayMs: millis }).strict().nullable(),
    holdWrites: z.boolean().nullable(),
    lenient: z.boolean().nullable(),
    ignoreFilters: z.boolean().nullable(),
    lyingLastPage: z.boolean().nullable(),
    lyingTotal: z.boolean().nullable(),
    endlessPages: z.enum(['repeat-last', 'fresh']).nullable(),
    mistypedRecords: z.boolean().nullable(),
    recordsWithoutId: z.boolean().nullable(),
    extraFields: z.boolean().nullable(),
  })
  .partial()
  .strict();

export type SafetyAmpFaultsPatch = z.infer<typeof faultsPatchSchema>;

/** How listings lie, as the listing code needs it. */
export type ListingLies = Pick<
  SafetyAmpFaults,
  'ignoreFilters' | 'lyingLastPage' | 'lyingTotal' | 'endlessPages'
>;

/** How listed records are disfigured. */
export type RecordLies = Pick<SafetyAmpFaults, 'mistypedRecords' | 'recordsWithoutId' | 'extraFields'>;
