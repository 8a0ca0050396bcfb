import { parseArgs } from 'node:util';
import { generateCompany } from '../dataset/generate-company.js';
import { demoCompanyOptions } from '../dataset/company-dataset.js';
import { closeOnSignal } from '../graph/cli.js';
import { startSamsaraSimulator } from './server.js';

const USAGE = `fleet simulate samsara [--port P] [--data FILE] [--throttle N] [--oversized-pages]

  --data FILE        {"vehicles": [...], "drivers": [...]} (default: the demo company's fleet)
  --throttle N       requests per second; more get 429 with Retry-After (default: unlimited)
  --oversized-pages  unkind: every listing page ignores limit and holds all the records left (default: off)

Serves /fleet/vehicles, /fleet/drivers (cursor pages; createdAfterTime / updatedAfterTime, RFC 3339, at or
after; a Date header on every answer) and /fleet/drivers/:id. Records loaded without createdAtTime /
updatedAtTime are stamped with the start time. Test controls, no authentication, each change stamped
updatedAtTime now: POST /__sim/vehicles {vehicle}, PATCH /__sim/vehicles/:id {fields},
DELETE /__sim/vehicles/:id, POST /__sim/drivers {driver}, PATCH /__sim/drivers/:id {fields}.
Faults, off until set: POST /__sim/faults/cursor-loop {"afterPage": k, "path": "/fleet/vehicles"} makes page k
and every later page of the listings under path (default all) answer hasNextPage true with a cursor back to the
first page, forever ({"afterPage": null} clears).`;

/**
 * `fleet simulate samsara [options]` (USAGE): prints `listening on <url>`, serves until SIGINT/SIGTERM. Without
 * `--data` it serves the demo company's vehicles and drivers.
 */
export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '0' },
      data: { type: 'string' },
      throttle: { type: 'string' },
      'oversized-pages': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const simulator = await startSamsaraSimulator({
    port: Number(values.port),
    dataFile: values.data,
    data: values.data ? undefined : generateCompany(demoCompanyOptions()).samsara,
    throttle: values.throttle ? { perSecond: Number(values.throttle) } : undefined,
    oversizedPages: values['oversized-pages'] ?? false,
  });
  process.stdout.write(`listening on ${simulator.url}\n`);
  await closeOnSignal(simulator.close);
}
