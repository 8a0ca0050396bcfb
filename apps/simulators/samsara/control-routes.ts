import express from 'express';
import type { Response, Router } from 'express';
import type { SamsaraVehicle } from '../../../libs/domain/types.js';
import type { CursorLoopFault, SimulatedDriver } from './server.js';
import { RecordChangeError } from './stamped-records.js';
import type { StampedRecords } from './stamped-records.js';

/**
 * Test controls, not Samsara: change vehicles and drivers at runtime (each change stamps `updatedAtTime`), so
 * that `updatedAfterTime` listings have something to report. No authentication (127.0.0.1 only).
 *
 * - `POST /__sim/vehicles` `{id, ...}`, `PATCH /__sim/vehicles/:id` `{...}`, `DELETE /__sim/vehicles/:id`
 * - `POST /__sim/drivers` `{id, ...}`, `PATCH /__sim/drivers/:id` `{...}`
 * - `POST /__sim/faults/cursor-loop` `{afterPage: k, path?: "/fleet/vehicles"}`: from page k on, listings (under
 *   `path`, default all) answer `hasNextPage: true` with a cursor back to the first page; `{afterPage: null}` clears
 */
export interface SamsaraFaultControls {
  loopCursor(loop: CursorLoopFault | null): void;
}

export function controlRoutes(
  vehicles: StampedRecords<SamsaraVehicle>,
  drivers: StampedRecords<SimulatedDriver>,
  faults: SamsaraFaultControls,
): Router {
  const router = express.Router();
  router.use(express.json());
  for (const [path, records] of [
    ['vehicles', vehicles],
    ['drivers', drivers],
  ] as const) {
    const store = records as StampedRecords<SamsaraVehicle | SimulatedDriver>;
    router.post(`/${path}`, (req, res) =>
      change(res, () => res.json(store.upsert(asRecord(req.body) as unknown as SamsaraVehicle))),
    );
    router.patch(`/${path}/:id`, (req, res) =>
      change(res, () => res.json(store.update(req.params.id, asRecord(req.body)))),
    );
  }
  router.post('/faults/cursor-loop', (req, res) =>
    change(res, () => {
      const body = asRecord(req.body);
      const { afterPage, path } = body;
      if (afterPage === null) faults.loopCursor(null);
      else if (
        typeof afterPage === 'number' &&
        Number.isInteger(afterPage) &&
        afterPage >= 1 &&
        (path === undefined || typeof path === 'string')
      ) {
        faults.loopCursor({ afterPage, ...(path !== undefined ? { path } : {}) });
      } else {
        throw new RecordChangeError('afterPage: a whole number ≥ 1, or null; path: a string', 400);
      }
      res.status(204).end();
    }),
  );
  router.delete('/vehicles/:id', (req, res) =>
    change(res, () => {
      vehicles.remove(req.params.id);
      res.status(204).end();
    }),
  );
  return router;
}

function asRecord(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RecordChangeError('body: must be a JSON object', 400);
  }
  return body as Record<string, unknown>;
}

function change(res: Response, apply: () => void): void {
  try {
    apply();
  } catch (error) {
    if (!(error instanceof RecordChangeError)) throw error;
    res.status(error.status).json({ message: error.message });
  }
}
