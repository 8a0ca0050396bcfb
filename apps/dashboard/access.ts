import type { Request, RequestHandler, Response } from 'express';
import { isReadOnly, mayTake, refusalOf, type FleetAction } from '../../libs/ops/index.js';
import { currentUser } from './session-user.js';

/** Answers JSON to API clients (and Bull Board's UI), HTML to people. */
export function wantsJson(req: Request): boolean {
  return (
    req.path.startsWith('/api/') ||
    req.originalUrl.startsWith('/api/') ||
    req.originalUrl.startsWith('/board/api/') ||
    !req.accepts('html')
  );
}

/** A refusal as the client wants it: `{ error: { key, message } }` in JSON, else the message (or /login). */
function refuse(req: Request, res: Response, status: 401 | 403, key: string, message: string): void {
  if (wantsJson(req)) res.status(status).json({ error: { key, message } });
  else if (status === 401 && req.method === 'GET') res.redirect(303, '/login');
  else res.status(status).type('text/plain').send(message);
}

function refuseAnonymous(req: Request, res: Response): void {
  refuse(req, res, 401, 'unauthenticated', 'Sign in first.');
}

/** Every route behind it needs a signed-in user: people are sent to /login, API clients get 401. */
export const requireUser: RequestHandler = (req, res, next) => {
  if (currentUser(req)) next();
  else refuseAnonymous(req, res);
};

/** The route takes `action`: a user whose role may not gets 403 `forbidden`. */
export function requirePermission(action: FleetAction): RequestHandler {
  return (req, res, next) => {
    const user = currentUser(req);
    if (!user) return refuseAnonymous(req, res);
    if (mayTake(user.role, action)) return next();
    const refusal = refusalOf(user.role, action);
    refuse(req, res, 403, refusal.key, refusal.message);
  };
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses every state-changing request (anything but GET/HEAD/OPTIONS) of a read-only role with 403 `forbidden`,
 * before any route sees it, whatever the route (Bull Board's included).
 */
export const refuseWritesOfReadOnlyRoles: RequestHandler = (req, res, next) => {
  const user = currentUser(req);
  if (!user) return refuseAnonymous(req, res);
  if (READS.has(req.method) || !isReadOnly(user.role)) return next();
  const refusal = refusalOf(user.role);
  refuse(req, res, 403, refusal.key, refusal.message);
};
