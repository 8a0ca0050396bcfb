import { createHmac } from 'node:crypto';
import { doubleCsrf } from 'csrf-csrf';
import type { Request, Response } from 'express';

/**
 * Double-submit CSRF tokens (csrf-csrf), HMAC-bound to the session id with a key derived from the session secret,
 * so a token planted by a sibling site is worthless. The token cookie is named `XSRF-TOKEN` and readable by
 * scripts on purpose: Bull Board's UI (axios) sends it back as `X-XSRF-TOKEN` on its PUT requests, which is how
 * Bull Board's write API gets the same protection as the forms (hidden `_csrf` field) and the JSON API
 * (`X-CSRF-Token` header).
 */
export function createCsrfProtection(sessionSecret: string, secureCookies: boolean) {
  const csrfKey = createHmac('sha256', sessionSecret).update('dashboard csrf').digest('hex');
  return doubleCsrf({
    getSecret: () => csrfKey,
    getSessionIdentifier: (req: Request) => req.sessionID ?? '',
    cookieName: 'XSRF-TOKEN',
    cookieOptions: { sameSite: 'strict', secure: secureCookies, httpOnly: false, path: '/' },
    getCsrfTokenFromRequest: (req: Request) => {
      const header = req.headers['x-csrf-token'] ?? req.headers['x-xsrf-token'];
      if (typeof header === 'string') return header;
      const body = req.body as { _csrf?: unknown } | undefined;
      return typeof body?._csrf === 'string' ? body._csrf : undefined;
    },
  });
}

export type CsrfProtection = ReturnType<typeof createCsrfProtection>;

/**
 * The request's CSRF token, issued once per response: a second `generateCsrfToken` in the same request would mint
 * another token (the first one's cookie is not in the request yet) and leave the page's forms with a stale one.
 */
export function csrfTokenFor(csrf: CsrfProtection, req: Request, res: Response): string {
  const issued = res.locals.csrfToken as string | undefined;
  if (issued) return issued;
  const token = csrf.generateCsrfToken(req, res);
  res.locals.csrfToken = token;
  return token;
}
