import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../../libs/platform/logger.js';
import { wantsJson } from '../access.js';

/** What a person is told when the CSRF check refuses a request (API clients get the key `csrf`). */
export const CSRF_REFUSAL = 'Missing or invalid CSRF token: reload the page and try again.';

/** The last route: 404, in JSON or text as the client wants. */
export function notFound(req: Request, res: Response): void {
  if (wantsJson(req)) res.status(404).json({ error: { key: 'not-found', message: 'Not found.' } });
  else res.status(404).type('text/plain').send('Not found.');
}

interface HttpError {
  code?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
}

/**
 * The error handler: a refused CSRF token is 403 `csrf`; a client error says what express says when it may; a
 * server error is logged and says nothing of its cause.
 */
export function answerErrors(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const e = err as HttpError;
    const csrfRefused = e.code === 'EBADCSRFTOKEN';
    const status = csrfRefused ? 403 : (e.status ?? e.statusCode ?? 500);
    const message = csrfRefused
      ? CSRF_REFUSAL
      : status < 500 && e.expose
        ? (e.message ?? 'Bad request.')
        : 'Something went wrong.';
    if (status >= 500) logger.error('request failed', { method: req.method, path: req.path, error: err });
    else if (csrfRefused) logger.warn('CSRF token refused', { method: req.method, path: req.path });
    if (res.headersSent) return;
    if (wantsJson(req)) res.status(status).json({ error: { key: csrfRefused ? 'csrf' : 'error', message } });
    else res.status(status).type('text/plain').send(message);
  };
}
