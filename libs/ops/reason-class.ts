import { failureClassOf, type FailureClass } from '../queue/failure-reasons.js';

/**
 * A bounded class of a failure reason, the `reason_class` label of the failed-records metric: the free-text reason
 * may quote record values and is unbounded, the class is neither. Not to be confused with the queue's
 * `FailureClass`, which says why a job failed for good (the marker the worker puts on the reason).
 */
export type ReasonClass =
  | 'rejected'
  | 'not_found'
  | 'rate_limited'
  | 'breaker_open'
  | 'timeout'
  | 'unavailable'
  | 'configuration'
  | 'dependency'
  | 'other';

const RULES: [ReasonClass, RegExp][] = [
  ['rejected', /\b422\b|validation|unprocessable|invalid/i],
  ['not_found', /\b404\b|not ?found/i],
  ['rate_limited', /\b429\b|rate.?limit/i],
  ['breaker_open', /circuit|breaker/i],
  ['timeout', /time(d)? ?out|ETIMEDOUT/i],
  ['configuration', /\b40[013]\b|configur|unauthori[sz]ed|forbidden/i],
  ['unavailable', /\b5\d\d\b|unavailable|ECONN|socket|network|EAI_AGAIN/i],
  ['dependency', /depend|waits? for|missing (site|title|cluster|user)/i],
];

const FROM_MARKER: Partial<Record<FailureClass, ReasonClass>> = {
  invalid: 'rejected',
  rejected: 'rejected',
  missing: 'not_found',
  dependency: 'dependency',
};

/** The worker marks the reasons of permanent failures; the others are told apart by what their text says. */
export function classifyReason(reason: string): ReasonClass {
  const marked = FROM_MARKER[failureClassOf(reason)];
  if (marked) return marked;
  for (const [cls, pattern] of RULES) if (pattern.test(reason)) return cls;
  return 'other';
}
