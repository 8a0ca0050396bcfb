import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DEFAULT_ROLE, isRole, type OpsActor } from '../../libs/ops/index.js';
import type { DashboardAuthConfig } from './auth-config.js';

/**
 * Sign-in by an authenticating reverse proxy: the user (and, if configured, the role) come from headers. The
 * headers count only when the TCP peer is a trusted proxy hop (`trust proxy`), so a client that reaches the
 * dashboard directly cannot name itself. Unknown names without a role header get the policy's default role.
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
    const claimedRole = typeof claimed === 'string' ? claimed.trim() : undefined;
    const role = isRole(claimedRole)
      ? claimedRole
      : (auth.users.find((u) => u.name === name.trim())?.role ?? DEFAULT_ROLE);
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
