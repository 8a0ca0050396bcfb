import type { Request, Response } from 'express';
import type { SafeHtml } from '../html.js';
import { csrfTokenFor, type CsrfProtection } from '../csrf.js';
import { currentUser } from '../session-user.js';
import { layout } from '../views/layout.js';

/** Sends a page in the frame, for the signed-in user, with this response's CSRF token in its forms. */
export function sendPage(
  csrf: CsrfProtection,
  req: Request,
  res: Response,
  page: { title: string; content: SafeHtml; refreshSeconds?: number },
): void {
  const frame = { ...page, user: currentUser(req), csrfToken: csrfTokenFor(csrf, req, res) };
  res.type('html').send(layout(frame));
}
