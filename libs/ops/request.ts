import type { OpsContext } from './context.js';
import type { DashboardRole } from './policy.js';
import type { OpsResult } from './response.js';

/** Who asks: handlers present what they answer for this role and name this person on what they trigger. */
export interface OpsActor {
  name: string;
  role: DashboardRole;
}

/** A request as a handler sees it: who asks, and the path parameters, query and body, not yet validated. */
export interface OpsRequest {
  actor: OpsActor;
  params: Record<string, string | undefined>;
  query: Record<string, unknown>;
  body: unknown;
}

/** One ops action, framework-free: a typed body on success, an error body otherwise. */
export type OpsHandler<TBody> = (ctx: OpsContext, req: OpsRequest) => Promise<OpsResult<TBody>>;
