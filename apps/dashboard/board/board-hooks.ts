import type { AfterHook, BeforeHook } from '@bull-board/api/typings/app';
import { mayTake, presentText, refusalOf, type DashboardRole } from '../../../libs/ops/index.js';
import { boardActionOf } from './board-actions.js';

const NOT_AN_ACTION = 'Not from the dashboard: runs are triggered on the fleet status page.';

/** Bull Board's own check, before its handler runs: a write must be a dashboard action the role may take. */
export function boardGuard(role: DashboardRole): BeforeHook {
  return ({ method, route }) => {
    if (method === 'get') return undefined;
    const action = boardActionOf(method, route);
    if (!action) return { allow: false, status: 403, message: NOT_AN_ACTION };
    if (!mayTake(role, action))
      return { allow: false, status: 403, message: refusalOf(role, action).message };
    return undefined;
  };
}

/** Fields of Bull Board's job JSON that hold free text (error messages, stack traces); job logs are free text. */
const FREE_TEXT_KEYS = new Set([
  'failedReason',
  'stacktrace',
  'deferredFailure',
  'ignoredChildFailureReasons',
]);

function presentFreeText(role: DashboardRole, value: unknown, inFreeText: boolean, depth = 0): unknown {
  if (typeof value === 'string') return inFreeText ? presentText(role, value) : value;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => presentFreeText(role, v, inFreeText, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      presentFreeText(role, v, inFreeText || FREE_TEXT_KEYS.has(k), depth + 1),
    ]),
  );
}

/** Bull Board's answers with their free text (error texts, stack traces, job logs) as the role may see it. */
export function boardFreeText(role: DashboardRole): AfterHook {
  return ({ route }, result) => ({
    ...result,
    body: presentFreeText(role, result.body, route.endsWith('/logs')) as typeof result.body,
  });
}
