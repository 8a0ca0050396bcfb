import express, { type RequestHandler, Router } from 'express';
import type { Logger } from '../../../libs/platform/logger.js';
import type { DashboardAuthConfig } from '../auth-config.js';
import type { CsrfProtection } from '../csrf.js';
import { verifyAgainstDecoy, verifyPassword } from '../passwords.js';
import { SESSION_COOKIE } from '../session-store.js';
import { currentUser } from '../session-user.js';
import { layout } from '../views/layout.js';
import { loginPage } from '../views/login.js';

export { LOGIN_ATTEMPTS } from '../login-limit.js';

const ANONYMOUS_SESSION_MS = 15 * 60 * 1000;

function signInPage(csrfToken: string, problem?: string): string {
  return layout({ title: 'Sign in', user: null, csrfToken, content: loginPage(csrfToken, problem) });
}

/**
 * GET/POST /login and POST /logout. The login form carries a CSRF token bound to a short anonymous session; a
 * successful sign-in regenerates the session (no fixation) and issues a fresh token. `limiter` counts failed
 * sign-ins (login-limit.ts: in Redis, fleet-wide).
 */
export function loginRoutes(
  auth: DashboardAuthConfig,
  csrf: CsrfProtection,
  logger: Logger,
  limiter: RequestHandler,
): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '4kb' });

  router.get('/login', (req, res) => {
    if (currentUser(req)) return res.redirect(303, '/');
    req.session.anonymous = true;
    req.session.cookie.maxAge = ANONYMOUS_SESSION_MS;
    res.type('html').send(signInPage(csrf.generateCsrfToken(req, res)));
  });

  router.post('/login', limiter, form, csrf.doubleCsrfProtection, async (req, res, next) => {
    try {
      const body = req.body as { username?: unknown; password?: unknown };
      const name = typeof body.username === 'string' ? body.username.trim() : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const user = auth.users.find((u) => u.name === name);
      const valid = user
        ? await verifyPassword(password, user.passwordHash)
        : await verifyAgainstDecoy(password);
      if (!user || !valid) {
        logger.warn('sign-in refused', { client: req.ip });
        res
          .status(401)
          .type('html')
          .send(signInPage(csrf.generateCsrfToken(req, res), 'Unknown user or wrong password.'));
        return;
      }
      req.session.regenerate((err) => {
        if (err) return next(err);
        req.session.user = { name: user.name, role: user.role };
        req.session.save((saveErr) => {
          if (saveErr) return next(saveErr);
          csrf.generateCsrfToken(req, res, { overwrite: true });
          logger.info('signed in', { user: user.name, role: user.role });
          res.redirect(303, '/');
        });
      });
    } catch (err) {
      next(err);
    }
  });

  router.post('/logout', form, (req, res, next) => {
    if (!currentUser(req)) return res.redirect(303, '/login');
    csrf.doubleCsrfProtection(req, res, (err?: unknown) => {
      if (err) return next(err);
      req.session.destroy((destroyErr) => {
        if (destroyErr) return next(destroyErr);
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        res.clearCookie('XSRF-TOKEN', { path: '/' });
        res.redirect(303, '/login');
      });
    });
  });

  return router;
}
