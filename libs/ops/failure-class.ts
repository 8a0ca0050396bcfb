import { failureClassOf } from '../queue/failure-reasons.js';

/**
 * A bounded class for a failure reason, for metric labels and summaries: the free-text reason may quote record
 * values and is unbounded, the class is neither.
 */
export type FailureClass =
  | 'rejected'
  | 'not_found'
  | 'rate_limited'
  | 'breaker_open'
  | 'timeout'
  | 'unavailable'
  | 'configuration'
  | 'dependency'
  | 'other';

const RULES: [FailureClass, RegExp][] = [
  ['rejected', /\b422\b|validation|unprocessable|invalid/i],
  ['not_found', /\b404\b|not ?found/i],
  ['rate_limited', /\b429\b|rate.?limit/i],
  ['breaker_open', /circuit|breaker/i],
  ['timeout', /time(d)? ?out|ETIMEDOUT/i],
  ['configuration', /\b40[013]\b|configur|unauthori[sz]ed|forbidden/i],
  ['unavailable', /\b5\d\d\b|unavailable|ECONN|socket|network|EAI_AGAIN/i],
  ['dependency', /depend|waits? for|missing (site|title|cluster|user)/i],
];

const FROM_MARKER: Partial<Record<ReturnType<typeof failureClassOf>, FailureClass>> = {
  invalid: 'rejected',
  rejected: 'rejected',
  missing: 'not_found',
  dependency: 'dependency',
};

/** The worker marks the reasons of permanent failures; the others are told apart by what their text says. */
export function classifyFailure(reason: string): FailureClass {
  const marked = FROM_MARKER[failureClassOf(reason)];
  if (marked) return marked;
  for (const [cls, pattern] of RULES) if (pattern.test(reason)) return cls;
  return 'other';
}
