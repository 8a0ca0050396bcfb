import type { AfterHook, BeforeHook } from '@bull-board/api/typings/app';
import { mayTake, presentText, refusalOf, type DashboardRole } from '../../../libs/ops/index.js';
import { boardActionOf } from './board-actions.js';

const NOT_AN_ACTION = 'Not from the dashboard: runs are triggered on the fleet status page.';

/**
 * Why Bull Board must refuse `role` this request, or null to let it through: reads pass; a write must be a
 * dashboard action the role may take.
 */
export function boardRefusal(role: DashboardRole, method: string, route: string): string | null {
  if (method === 'get') return null;
  const action = boardActionOf(method, route);
  if (!action) return NOT_AN_ACTION;
  return mayTake(role, action) ? null : refusalOf(role, action).message;
}

/** Bull Board's own check, before its handler runs (behind the web layer's, which refuses read-only roles first). */
export function boardGuard(role: DashboardRole): BeforeHook {
  return ({ method, route }) => {
    const message = boardRefusal(role, method, route);
    return message === null ? undefined : { allow: false, status: 403, message };
  };
}

/** Fields of Bull Board's job JSON that hold free text (error messages, stack traces); job logs are free text. */
const FREE_TEXT_KEYS = new Set([
  'failedReason',
  'stacktrace',
  'deferredFailure',
  'ignoredChildFailureReasons',
]);

/** A Bull Board answer's body with its free text as `role` may see it; `inFreeText` for a job's logs. */
export function presentBoardFreeText(
  role: DashboardRole,
  value: unknown,
  inFreeText: boolean,
  depth = 0,
): unknown {
  if (typeof value === 'string') return inFreeText ? presentText(role, value) : value;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => presentBoardFreeText(role, v, inFreeText, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      presentBoardFreeText(role, v, inFreeText || FREE_TEXT_KEYS.has(k), depth + 1),
    ]),
  );
}

/** Bull Board's answers with their free text (error texts, stack traces, job logs) as the role may see it. */
export function boardFreeText(role: DashboardRole): AfterHook {
  return ({ route }, result) => ({
    ...result,
    body: presentBoardFreeText(role, result.body, route.endsWith('/logs')) as typeof result.body,
  });
}
