import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { OpsActor } from '../../libs/ops/index.js';
import type { DashboardAuthConfig } from './auth-config.js';
import { isRole } from './auth-config.js';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in user; absent on an anonymous session (which only carries the login form's CSRF binding). */
    user?: OpsActor;
    anonymous?: boolean;
  }
}

export function currentUser(req: Request): OpsActor | null {
  return req.session?.user ?? null;
}

/** Answers JSON to API clients (and Bull Board's UI), HTML to people. */
export function wantsJson(req: Request): boolean {
  return (
    req.path.startsWith('/api/') ||
    req.originalUrl.startsWith('/api/') ||
    req.originalUrl.startsWith('/board/api/') ||
    !req.accepts('html')
  );
}

function refuse(req: Request, res: Response, status: 401 | 403, key: string, message: string): void {
  if (wantsJson(req)) res.status(status).json({ error: { key, message } });
  else if (status === 401 && req.method === 'GET') res.redirect(303, '/login');
  else res.status(status).type('text/plain').send(message);
}

/** Every route behind it needs a signed-in user: people are sent to /login, API clients get 401. */
export const requireUser: RequestHandler = (req, res, next) => {
  if (currentUser(req)) next();
  else refuse(req, res, 401, 'unauthenticated', 'Sign in first.');
};

/** Only operators change the fleet; a viewer gets 403. */
export const requireOperator: RequestHandler = (req, res, next) => {
  if (currentUser(req)?.role === 'operator') next();
  else refuse(req, res, 403, 'forbidden', 'Only operators may change the fleet.');
};

/** Refuses a viewer's state-changing request (anything but GET/HEAD/OPTIONS) with 403. */
export const readOnlyForViewers: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') next();
  else requireOperator(req, res, next);
};

/**
 * Sign-in by an authenticating reverse proxy: the user (and, if configured, the role) come from headers. The
 * headers count only when the TCP peer is a trusted proxy hop (`trust proxy`), so a client that reaches the
 * dashboard directly cannot name itself. Unknown names without a role header are viewers.
 */
export function proxyAuthentication(auth: DashboardAuthConfig): RequestHandler {
  const header = auth.proxyHeader?.toLowerCase();
  const roleHeader = auth.proxyRoleHeader?.toLowerCase();
  return (req: Request, res: Response, next: NextFunction) => {
    const name = header ? req.headers[header] : undefined;
    if (typeof name !== 'string' || !name.trim()) return next();
    const trusted = req.app.get('trust proxy fn') as (addr: string, hop: number) => boolean;
    if (!trusted(req.socket.remoteAddress ?? '', 0)) return next();
    const claimed = roleHeader ? req.headers[roleHeader] : undefined;
    const role =
      typeof claimed === 'string' && isRole(claimed.trim())
        ? (claimed.trim() as OpsActor['role'])
        : (auth.users.find((u) => u.name === name.trim())?.role ?? 'viewer');
    const user: OpsActor = { name: name.trim(), role };
    const known = req.session.user;
    if (known && known.name === user.name && known.role === user.role) return next();
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.user = user;
      req.session.save((saveErr) => next(saveErr));
    });
  };
}
