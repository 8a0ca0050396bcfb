import type { Request } from 'express';
import type { OpsActor } from '../../libs/ops/index.js';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in user; absent on an anonymous session (which only carries the login form's CSRF binding). */
    user?: OpsActor;
    anonymous?: boolean;
  }
}

/** The signed-in user of this request's session, or null. */
export function currentUser(req: Request): OpsActor | null {
  return req.session?.user ?? null;
}
