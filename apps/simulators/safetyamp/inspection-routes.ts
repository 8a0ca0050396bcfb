import express from 'express';
import type { Router } from 'express';
import type { SimCall, SimStats } from './call-log.js';
import { faultsPatchSchema } from './faults/settings.js';
import type { SafetyAmpFaults, SafetyAmpFaultsPatch } from './faults/settings.js';
import type { SafetyAmpSeed } from './seed.js';

/** What the test and inspection endpoints (and the in-process handle) can see and change. */
export interface SimulatorControl {
  state(): SafetyAmpSeed;
  calls(): SimCall[];
  clearCalls(): void;
  faults(): SafetyAmpFaults;
  setFaults(change: SafetyAmpFaults | SafetyAmpFaultsPatch): void;
  reset(): void;
  stats(): SimStats;
}

/**
 * `/__sim/*`: no auth, no rate limit, never logged as calls.
 * GET state · GET/DELETE calls · GET/POST faults · POST reset · GET stats.
 */
export function inspectionRouter(control: SimulatorControl): Router {
  const router = express.Router();
  router.use(express.json());
  router.get('/state', (_req, res) => void res.json(control.state()));
  router.get('/calls', (_req, res) => void res.json(control.calls()));
  router.delete('/calls', (_req, res) => {
    control.clearCalls();
    res.status(204).end();
  });
  router.get('/faults', (_req, res) => void res.json(control.faults()));
  router.post('/faults', (req, res) => {
    const parsed = faultsPatchSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).json({ message: 'Invalid faults.', issues: parsed.error.issues });
      return;
    }
    control.setFaults(parsed.data);
    res.json(control.faults());
  });
  router.post('/reset', (_req, res) => {
    control.reset();
    res.status(204).end();
  });
  router.get('/stats', (_req, res) => void res.json(control.stats()));
  return router;
}
