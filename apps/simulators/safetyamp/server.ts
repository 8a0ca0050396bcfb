import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { bearerToken, rateHeaders, refuse } from './api-gate.js';
import { handleApiRequest } from './api-routes.js';
import type { ApiAnswer } from './api-routes.js';
import { CallLog } from './call-log.js';
import type { SimCall, SimStats } from './call-log.js';
import { sendTruncated, serverErrorAnswer } from './faults/broken-answers.js';
import { FaultInjector } from './faults/injector.js';
import type { SafetyAmpFaults, SafetyAmpFaultsPatch } from './faults/settings.js';
import { inspectionRouter } from './inspection-routes.js';
import type { SimulatorControl } from './inspection-routes.js';
import { SlidingWindowRateLimiter } from './rate-limiter.js';
import type { RateLimit } from './rate-limiter.js';
import { loadSeedFile } from './seed.js';
import type { SafetyAmpSeed } from './seed.js';
import { SafetyAmpStore } from './store.js';

export type { SafetyAmpSeed, SeedRecord } from './seed.js';
export type { SafetyAmpFaults, SafetyAmpFaultsPatch } from './faults/settings.js';
export type { SimCall, SimStats } from './call-log.js';
export type { RateLimit } from './rate-limiter.js';
export { parseRateLimit } from '../../../libs/safetyamp/rate-limit.js';

/** SafetyAmp's own budget: 60 requests per 61 seconds per token. */
export const DEFAULT_RATE_LIMIT: RateLimit = { max: 60, windowMs: 61_000 };
export const DEFAULT_TOKEN = 'demo-token';
export const DEFAULT_FQDN = 'demo.safetyamp.com';

export interface SafetyAmpSimulatorOptions {
  /** TCP port; 0 or absent lets the OS pick one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** The tenant's data; wins over `dataFile`. */
  seed?: SafetyAmpSeed;
  /** A JSON data file in the seed shape (`--data FILE`). */
  dataFile?: string;
  /** The one accepted bearer token (default `demo-token`; the CLI also reads SAFETYAMP_TOKEN). */
  token?: string;
  /** The tenant host the `Fqdn` header must name (default `demo.safetyamp.com`). */
  fqdn?: string;
  /** Sliding-window budget per token (default 60 per 61 s); null = unlimited. */
  rateLimit?: RateLimit | null;
  /** Largest page size served (default 100). */
  pageCap?: number;
  /** Whether listings carry `meta` (default true). */
  meta?: boolean;
  /** Faults active from the start. */
  faults?: SafetyAmpFaults;
  /** Seed of the fault generator (default 1): equal seeds, equal faults on equal traffic. */
  randomSeed?: number;
}

/** A running simulator. Its methods see and change the same state as the `/__sim/*` endpoints. */
export interface RunningSafetyAmpSimulator {
  /** Base URL, e.g. `http://127.0.0.1:40123` (the API is under `/api`). */
  url: string;
  token: string;
  fqdn: string;
  close(): Promise<void>;
  /** Every collection, flat, in id order (a deep copy). */
  state(): SafetyAmpSeed;
  calls(): SimCall[];
  clearCalls(): void;
  /** Merges a change into the active faults: the fields given replace the current ones, null or 0 switches one off. */
  setFaults(f: SafetyAmpFaults | SafetyAmpFaultsPatch): void;
  /** The faults in force now (as `GET /__sim/faults` shows them). */
  faults(): SafetyAmpFaults;
  /** Back to the seed data, fresh id counters, empty call log, stats and rate windows, the starting faults. */
  reset(): void;
  stats(): SimStats;
}

function firstValues(query: Request['query']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[key] = first;
  }
  return out;
}

function send(res: Response, answer: ApiAnswer): void {
  if (answer.headers) res.set(answer.headers);
  if (typeof answer.body === 'string') res.status(answer.status).send(answer.body);
  else res.status(answer.status).json(answer.body);
}

/** Starts the SafetyAmp simulator and resolves once it accepts connections. */
export async function startSafetyAmpSimulator(
  opts: SafetyAmpSimulatorOptions = {},
): Promise<RunningSafetyAmpSimulator> {
  const seed = opts.seed ?? (opts.dataFile ? await loadSeedFile(opts.dataFile) : {});
  const token = opts.token ?? DEFAULT_TOKEN;
  const fqdn = opts.fqdn ?? DEFAULT_FQDN;
  if (token === '' || fqdn === '') throw new Error('the simulator needs a non-empty token and fqdn');
  const limit = opts.rateLimit === undefined ? DEFAULT_RATE_LIMIT : opts.rateLimit;
  const pageCap = opts.pageCap ?? 100;
  if (!Number.isInteger(pageCap) || pageCap < 1) throw new Error(`pageCap must be a positive integer`);
  const listingOptions = { pageCap, meta: opts.meta ?? true };
  const initialFaults = opts.faults ?? {};
  const randomSeed = opts.randomSeed ?? 1;

  let store = new SafetyAmpStore(seed);
  const limiter = limit ? new SlidingWindowRateLimiter(limit) : null;
  const faults = new FaultInjector({}, randomSeed);
  faults.set(initialFaults);
  const callLog = new CallLog();
  const delays = new Set<NodeJS.Timeout>();
  // Writes waiting while `holdWrites` is on; each is released (and served) once it is off.
  const heldWrites = new Set<() => void>();
  const releaseHeldWrites = (): void => {
    if (faults.holdsWrites()) return;
    for (const release of heldWrites) release();
    heldWrites.clear();
  };

  const control: SimulatorControl = {
    state: () => store.snapshot(),
    calls: () => callLog.list(),
    clearCalls: () => callLog.clear(),
    faults: () => faults.current(),
    setFaults: (change) => {
      faults.set(change);
      releaseHeldWrites();
    },
    reset: () => {
      store = new SafetyAmpStore(seed);
      limiter?.reset();
      callLog.reset();
      faults.reset({}, randomSeed);
      faults.set(initialFaults);
      releaseHeldWrites();
    },
    stats: () => callLog.stats(),
  };

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        delays.delete(timer);
        resolve();
      }, ms);
      delays.add(timer);
    });

  // Counted at arrival: the rate verdict and the faults are decided before the added latency.
  const gate = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const call = callLog.arrive(req.method, req.baseUrl + req.path, firstValues(req.query), Date.now());
    res.locals.call = call;
    res.on('close', () => callLog.answer(call, res.writableFinished ? res.statusCode : 0));
    const verdict = limiter ? limiter.hit(bearerToken(req.headers.authorization), performance.now()) : null;
    res.set(rateHeaders(verdict, limit));
    const refusal = refuse({
      verdict,
      limit,
      faults,
      expectedToken: token,
      expectedFqdn: fqdn,
      authorization: req.headers.authorization,
      fqdn: typeof req.headers.fqdn === 'string' ? req.headers.fqdn : undefined,
    });
    if (refusal?.fault) callLog.struck(call, refusal.fault);
    const latency = faults.latencyMs();
    if (latency > 0) await delay(latency);
    if (refusal) send(res, refusal);
    else next();
  };

  // Served first, then answered (or not): a write that is answered badly here has been applied.
  const serveApi = async (req: Request, res: Response): Promise<void> => {
    const call = res.locals.call as SimCall;
    const isWrite = req.method !== 'GET' && req.method !== 'HEAD';
    if (isWrite && req.body !== undefined) call.body = req.body;
    if (isWrite && faults.holdsWrites()) {
      callLog.struck(call, 'held');
      await new Promise<void>((resolve) => heldWrites.add(resolve));
    }
    const served = handleApiRequest(
      store,
      listingOptions,
      { method: req.method, path: req.path, query: firstValues(req.query), body: req.body },
      { lenient: faults.lenient(), listingLies: faults.listingLies(), recordLies: faults.recordLies() },
    );
    // The client left while its write was held: applied all the same, answered to nobody.
    if (res.destroyed || req.socket.destroyed) return;
    if (served.applied && faults.dropAfterWrite()) {
      callLog.struck(call, 'dropped-after-write');
      req.socket.destroy();
      return;
    }
    let answer = served;
    const appliedThenError = served.applied ? faults.appliedThenError() : null;
    if (appliedThenError !== null) {
      callLog.struck(call, 'applied-then-error');
      answer = serverErrorAnswer(appliedThenError);
    }
    const slowMs = faults.slowAnswerMs();
    if (slowMs > 0) {
      callLog.struck(call, 'slow-answer');
      await delay(slowMs);
      if (res.destroyed || res.writableEnded) return;
    }
    if (faults.truncatesBody()) {
      callLog.struck(call, 'truncated-body');
      sendTruncated(res, answer);
      return;
    }
    send(res, answer);
  };

  const malformedBody = (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: number }).status;
    send(res, {
      status: status && status >= 400 && status < 500 ? status : 500,
      body: { message: status === 400 ? 'Malformed JSON body.' : 'Server Error' },
    });
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use('/__sim', inspectionRouter(control));
  app.use('/api', gate, express.json({ limit: '10mb' }), serveApi, malformedBody);
  app.use((_req: Request, res: Response) => void res.status(404).json({ message: 'Not Found' }));

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = !opts.host || opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    token,
    fqdn,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of delays) clearTimeout(timer);
        delays.clear();
        heldWrites.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
    state: () => control.state(),
    calls: () => control.calls(),
    clearCalls: () => control.clearCalls(),
    setFaults: (f) => control.setFaults(f),
    faults: () => control.faults(),
    reset: () => control.reset(),
    stats: () => control.stats(),
  };
}
