import { seededRandom } from './random.js';
import { faultsPatchSchema } from './settings.js';
import type { ListingLies, RecordLies, SafetyAmpFaults, SafetyAmpFaultsPatch } from './settings.js';

const SERVER_ERRORS = [500, 502, 503] as const;
const GATEWAY_ERRORS = [502, 503, 504] as const;

export type ServerErrorStatus = (typeof SERVER_ERRORS)[number];
export type GatewayErrorStatus = (typeof GATEWAY_ERRORS)[number];

/** Draws from a seeded stream of its own, so switching one fault on does not move where the others strike. */
class Stream {
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  next(): number {
    return this.random();
  }

  strikes(rate: number | undefined): boolean {
    if (!rate || rate <= 0) return false;
    return this.random() < rate;
  }

  pick<T>(choices: readonly T[]): T {
    return choices[Math.floor(this.random() * choices.length)] as T;
  }
}

// errorRate and dropAfterWriteRate share the first stream, as they always have: old seeds keep their faults.
const STREAM_OFFSETS = {
  classic: 0,
  latency: 0x1000,
  html: 0x2000,
  applied: 0x3000,
  truncated: 0x4000,
  slow: 0x5000,
};

type Streams = Record<keyof typeof STREAM_OFFSETS, Stream>;

function streamsFor(seed: number): Streams {
  const entries = Object.entries(STREAM_OFFSETS).map(([name, offset]) => [name, new Stream(seed + offset)]);
  return Object.fromEntries(entries) as Streams;
}

/** Decides, request by request, which fault (if any) strikes. */
export class FaultInjector {
  private faults: SafetyAmpFaults = {};
  private streams: Streams = streamsFor(1);

  constructor(initial: SafetyAmpFaults = {}, randomSeed = 1) {
    this.reset(initial, randomSeed);
  }

  reset(initial: SafetyAmpFaults, randomSeed: number): void {
    this.faults = structuredClone(initial);
    this.streams = streamsFor(randomSeed);
  }

  current(): SafetyAmpFaults {
    return structuredClone(this.faults);
  }

  /** Merges a change: fields given replace the current ones, null removes one. */
  set(change: SafetyAmpFaults | SafetyAmpFaultsPatch): void {
    const next: Record<string, unknown> = { ...this.faults };
    for (const [key, value] of Object.entries(change)) {
      if (value === null || value === undefined) delete next[key];
      else next[key] = structuredClone(value);
    }
    this.faults = faultsPatchSchema.parse(next) as SafetyAmpFaults;
  }

  /** The delay before this request is looked at: fixed, or drawn uniformly from the configured range. */
  latencyMs(): number {
    const latency = this.faults.latencyMs;
    if (latency === undefined) return 0;
    if (typeof latency === 'number') return latency;
    return latency.min + this.streams.latency.next() * (latency.max - latency.min);
  }

  /** Retry-After seconds when this request must be refused by a forced 429, else null. */
  takeForced429(): number | null {
    const forced = this.faults.forced429;
    if (!forced || forced.count <= 0) return null;
    forced.count -= 1;
    if (forced.count === 0) delete this.faults.forced429;
    return forced.retryAfterSeconds;
  }

  /** The 5xx status this request gets before it reaches the data, or null. */
  serverError(): ServerErrorStatus | null {
    if (!this.streams.classic.strikes(this.faults.errorRate)) return null;
    return this.streams.classic.pick(SERVER_ERRORS);
  }

  /** The status of the load balancer's HTML page this request gets instead of an answer, or null. */
  htmlError(): GatewayErrorStatus | null {
    if (!this.streams.html.strikes(this.faults.htmlErrorRate)) return null;
    return this.streams.html.pick(GATEWAY_ERRORS);
  }

  /** Whether the answer to this applied write is lost. */
  dropAfterWrite(): boolean {
    return this.streams.classic.strikes(this.faults.dropAfterWriteRate);
  }

  /** The 5xx status this applied write is answered with instead of its success, or null. */
  appliedThenError(): ServerErrorStatus | null {
    if (!this.streams.applied.strikes(this.faults.appliedThenErrorRate)) return null;
    return this.streams.applied.pick(SERVER_ERRORS);
  }

  /** Whether this answer's body is cut mid-way. */
  truncatesBody(): boolean {
    return this.streams.truncated.strikes(this.faults.truncatedBodyRate);
  }

  /** How long this answer is held back after the request was served, 0 when it is not. */
  slowAnswerMs(): number {
    const slow = this.faults.slowAnswers;
    return slow && this.streams.slow.strikes(slow.rate) ? slow.delayMs : 0;
  }

  holdsWrites(): boolean {
    return this.faults.holdWrites === true;
  }

  lenient(): boolean {
    return this.faults.lenient === true;
  }

  listingLies(): ListingLies {
    const { ignoreFilters, lyingLastPage, lyingTotal, endlessPages } = this.faults;
    return { ignoreFilters, lyingLastPage, lyingTotal, endlessPages };
  }

  recordLies(): RecordLies {
    const { mistypedRecords, recordsWithoutId, extraFields } = this.faults;
    return { mistypedRecords, recordsWithoutId, extraFields };
  }
}
