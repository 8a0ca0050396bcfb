import express from 'express';
import type { Response, Router } from 'express';
import { z } from 'zod';
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
 */
export function controlRoutes(directory: UserDirectory, resetDelta: () => void): Router {
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
