import express from 'express';
import type { Response, Router } from 'express';
import { z } from 'zod';
import type { TokenFailureStatus } from './authority-routes.js';
import { DirectoryChangeError } from './user-directory.js';
import type { UserDirectory } from './user-directory.js';

/**
 * Test controls, not Graph: change the directory at runtime so that delta queries have something to report, and
 * reset the delta tokens. No authentication (the simulator listens on 127.0.0.1 only).
 *
 * - `POST /__sim/users` `{id, ...}`: create or replace a user
 * - `PATCH /__sim/users/:id` `{...}`: change some properties
 * - `DELETE /__sim/users/:id?reason=changed|deleted`: remove (soft by default)
 * - `POST /__sim/delta/reset`: every delta link issued so far answers 410 Gone
 * - `POST /__sim/faults/token` `{count, status?: 500|400, retryAfterSeconds?, revokeTokens?: boolean}`: the next
 *   `count` token requests fail with `status` (default 500; `count: 0` clears; a 500 carries `Retry-After` when
 *   given); `revokeTokens` also forgets every token issued, so a client holding a cached one must ask again
 */
export interface GraphFaultControls {
  failTokens(count: number, status?: TokenFailureStatus, retryAfterSeconds?: number): void;
  revokeTokens(): void;
}

export function controlRoutes(
  directory: UserDirectory,
  resetDelta: () => void,
  faults: GraphFaultControls,
): Router {
  const router = express.Router();
  router.use(express.json());

  router.post('/users', (req, res) =>
    change(res, () => {
      const user = parse(userSchema, req.body);
      directory.upsert(user);
      res.json(user);
    }),
  );
  router.patch('/users/:id', (req, res) =>
    change(res, () => res.json(directory.update(req.params.id, parse(patchSchema, req.body)))),
  );
  router.delete('/users/:id', (req, res) =>
    change(res, () => {
      const reason = req.query.reason ?? 'changed';
      if (reason !== 'changed' && reason !== 'deleted') {
        throw new DirectoryChangeError('reason: must be changed or deleted', 400);
      }
      directory.remove(req.params.id, reason);
      res.status(204).end();
    }),
  );
  router.post('/delta/reset', (_req, res) => {
    resetDelta();
    res.status(204).end();
  });
  router.post('/faults/token', (req, res) =>
    change(res, () => {
      const { count, status, retryAfterSeconds, revokeTokens } = parse(tokenFaultSchema, req.body);
      faults.failTokens(count, status, retryAfterSeconds);
      if (revokeTokens) faults.revokeTokens();
      res.status(204).end();
    }),
  );
  return router;
}

const text = z.string().nullable().optional();
const patchSchema = z
  .object({
    employeeId: text,
    mail: text,
    userPrincipalName: text,
    accountEnabled: z.boolean().nullable().optional(),
    mobilePhone: text,
    businessPhones: z.array(z.string()).nullable().optional(),
  })
  .strict();
const userSchema = patchSchema.extend({ id: z.string().min(1) });
const tokenFaultSchema = z
  .object({
    // "unlimited" as a JSON-friendly Infinity (a lasting outage until cleared with 0).
    count: z.union([z.number().int().min(0), z.literal('unlimited').transform(() => Infinity)]),
    status: z.union([z.literal(500), z.literal(400)]).optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
    revokeTokens: z.boolean().optional(),
  })
  .strict();

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new DirectoryChangeError(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`, 400);
}

function change(res: Response, apply: () => void): void {
  try {
    apply();
  } catch (error) {
    if (!(error instanceof DirectoryChangeError)) throw error;
    res.status(error.status).json({ error: { code: 'SimulatorControl', message: error.message } });
  }
}
