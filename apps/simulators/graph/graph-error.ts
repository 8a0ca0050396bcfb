import type { Response } from 'express';

/** Graph's error body: `{error: {code, message, innerError: {date}}}`. */
export function graphError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message, innerError: { date: new Date().toISOString() } } });
}
