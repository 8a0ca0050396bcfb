import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Request, Response } from 'express';
import type { SamsaraDriver, SamsaraVehicle } from '../../../libs/domain/types.js';
import { createPerSecondLimit } from '../shared/per-second-limit.js';
import { controlRoutes } from './control-routes.js';
import { BadSamsaraQuery, cursorPage, type CursorLoop } from './cursor-page.js';
import { StampedRecords } from './stamped-records.js';
import { timeFilter } from './time-filters.js';

/** A driver as the simulator holds it: `driverActivationStatus` decides which listing shows it. */
export type SimulatedDriver = SamsaraDriver & {
  driverActivationStatus?: 'active' | 'deactivated';
  createdAtTime?: string | null;
  updatedAtTime?: string | null;
};

export interface SamsaraData {
  vehicles: SamsaraVehicle[];
  drivers: SimulatedDriver[];
}

export interface SamsaraSimulatorOptions {
  /** TCP port on 127.0.0.1 (0 or absent: the OS picks). */
  port?: number;
  /** Data to serve; ignored when `dataFile` is given. */
  data?: Partial<SamsaraData>;
  /** JSON file `{"vehicles": [...], "drivers": [...]}`. */
  dataFile?: string;
  /** Requests allowed per second; more get 429 with Retry-After (default: unlimited). */
  throttle?: { perSecond: number };
  /** Unkind: every listing page ignores `limit` and holds all the records left (default: off). */
  oversizedPages?: boolean;
}

/** One request the simulator answered. */
export interface SamsaraCall {
  at: number;
  method: string;
  path: string;
  status: number;
  /** Set when a fault shaped the answer: `cursor-loop` (its endCursor went back to the first page). */
  fault?: 'cursor-loop';
}

/** Which requests an injected failure hits. */
export interface InjectedFailure {
  /** HTTP status to answer (default 500). */
  status?: number;
  /** Let this many matching requests through first (default 0). */
  after?: number;
  /** Only requests whose path starts with this (default: all). */
  path?: string;
}

export interface SamsaraSimulator {
  url: string;
  close(): Promise<void>;
  calls(): SamsaraCall[];
  /** The next `count` matching requests (after `after` of them) fail; `Infinity` for a lasting outage. */
  failNext(count: number, failure?: InjectedFailure): void;
  /** The vehicles now, with their `createdAtTime` / `updatedAtTime` stamps. */
  vehicles(): SamsaraVehicle[];
  /** Creates a vehicle, or replaces the one with its id; stamps it updated now. */
  upsertVehicle(vehicle: SamsaraVehicle): SamsaraVehicle;
  /** Changes some fields of a vehicle and stamps it updated now (throws for an unknown id). */
  updateVehicle(id: string, patch: Partial<SamsaraVehicle>): SamsaraVehicle;
  /** Removes a vehicle without a trace (Samsara's listings report no deletions). */
  removeVehicle(id: string): void;
  /** Creates a driver, or replaces the one with its id; stamps it updated now. */
  upsertDriver(driver: SimulatedDriver): SimulatedDriver;
  /** Changes some fields of a driver and stamps it updated now (throws for an unknown id). */
  updateDriver(id: string, patch: Partial<SimulatedDriver>): SimulatedDriver;
  /**
   * From page `afterPage` on, listings under `path` (default every listing) answer `hasNextPage: true` with a
   * cursor back to the first page, forever; `null` clears. As `POST /__sim/faults/cursor-loop` does.
   */
  loopCursor(loop: CursorLoopFault | null): void;
}

/** A cursor that loops, on the listings whose path starts with `path` (default: every listing). */
export interface CursorLoopFault extends CursorLoop {
  path?: string;
}

/**
 * Starts an HTTP stand-in for Samsara's `/fleet/vehicles` and `/fleet/drivers` API (cursor pages,
 * `createdAfterTime` / `updatedAfterTime` filters, a `Date` header on every answer), with test controls under
 * `/__sim` (control-routes.ts).
 */
export async function startSamsaraSimulator(
  options: SamsaraSimulatorOptions = {},
): Promise<SamsaraSimulator> {
  const data = options.dataFile ? await loadSamsaraData(options.dataFile) : options.data;
  const vehicles = new StampedRecords(data?.vehicles ?? []);
  const drivers = new StampedRecords(data?.drivers ?? []);
  const limit = createPerSecondLimit(options.throttle?.perSecond);
  const log: SamsaraCall[] = [];
  let failure = { left: 0, skip: 0, status: 500, path: '' };
  let cursorLoop: CursorLoopFault | null = null;
  const loopCursor = (loop: CursorLoopFault | null): void => {
    cursorLoop = loop;
  };

  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const call: SamsaraCall = { at: Date.now(), method: req.method, path: req.path, status: 0 };
    res.locals.call = call;
    // Logged on arrival, so a client that has read its answer always finds the call here; the status follows.
    log.push(call);
    res.on('finish', () => {
      call.status = res.statusCode;
    });
    next();
  });
  app.use('/__sim', controlRoutes(vehicles, drivers, { loopCursor }));
  app.use((req, res, next) => {
    if (!/^Bearer \S+/i.test(req.get('authorization') ?? '')) {
      samsaraError(res, 401, 'Unauthorized: missing or malformed API token.');
      return;
    }
    const wait = limit.take();
    if (wait > 0) {
      res.set('Retry-After', String(wait));
      samsaraError(res, 429, 'Rate limit exceeded.');
      return;
    }
    if (failure.left > 0 && req.path.startsWith(failure.path)) {
      if (failure.skip > 0) failure.skip -= 1;
      else {
        failure.left -= 1;
        samsaraError(res, failure.status, 'Injected failure.');
        return;
      }
    }
    next();
  });

  const oversized = options.oversizedPages ?? false;
  const loopOn = (req: Request): CursorLoop | undefined =>
    cursorLoop && req.path.startsWith(cursorLoop.path ?? '') ? cursorLoop : undefined;
  app.get('/fleet/vehicles', (req, res) => page(req, res, vehicles.all(), oversized, loopOn(req)));
  app.get('/fleet/drivers', (req, res) => {
    const status = req.query.driverActivationStatus === 'deactivated' ? 'deactivated' : 'active';
    page(
      req,
      res,
      drivers.all().filter((d) => (d.driverActivationStatus ?? 'active') === status),
      oversized,
      loopOn(req),
    );
  });
  app.get('/fleet/drivers/:id', (req, res) => {
    const driver = drivers.get(req.params.id);
    if (driver) res.json({ data: driver });
    else samsaraError(res, 404, 'Driver not found.');
  });
  app.use((_req: Request, res: Response) => samsaraError(res, 404, 'Not found.'));

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => [...log],
    failNext: (count, injected = {}) => {
      failure = {
        left: count,
        skip: injected.after ?? 0,
        status: injected.status ?? 500,
        path: injected.path ?? '',
      };
    },
    vehicles: () => vehicles.all(),
    upsertVehicle: (vehicle) => vehicles.upsert(vehicle),
    updateVehicle: (id, patch) => vehicles.update(id, patch),
    removeVehicle: (id) => vehicles.remove(id),
    upsertDriver: (driver) => drivers.upsert(driver),
    updateDriver: (id, patch) => drivers.update(id, patch),
    loopCursor,
    close: () => (closing ??= closeServer(server)),
  };
}

function page<T extends { id: string }>(
  req: Request,
  res: Response,
  items: T[],
  oversized: boolean,
  loop: CursorLoop | undefined,
): void {
  const query = new URL(req.originalUrl, 'http://x').searchParams;
  try {
    const { looped, ...answer } = cursorPage(
      items.filter(timeFilter(query)),
      query.get('limit'),
      query.get('after'),
      oversized,
      loop,
    );
    if (looped) (res.locals.call as SamsaraCall).fault = 'cursor-loop';
    res.json(answer);
  } catch (error) {
    if (!(error instanceof BadSamsaraQuery)) throw error;
    samsaraError(res, 400, error.message);
  }
}

function samsaraError(res: Response, status: number, message: string): void {
  res.status(status).json({ message, requestId: randomUUID() });
}

/** Reads `{"vehicles": [...], "drivers": [...]}`. */
export async function loadSamsaraData(file: string): Promise<SamsaraData> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Record<keyof SamsaraData, unknown>>;
  if (!Array.isArray(parsed.vehicles) || !Array.isArray(parsed.drivers)) {
    throw new Error(`${file}: expected {"vehicles": [...], "drivers": [...]}`);
  }
  return { vehicles: parsed.vehicles as SamsaraVehicle[], drivers: parsed.drivers as SimulatedDriver[] };
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
