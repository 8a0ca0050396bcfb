import { parseArgs } from 'node:util';
import { generateCompany } from '../dataset/generate-company.js';
import { demoCompanyOptions } from '../dataset/company-dataset.js';
import { startGraphSimulator } from './server.js';

const USAGE = `fleet simulate graph [--port P] [--data FILE] [--throttle N] [--page-size N] [--client-secret S]
  [--delta-page-size N] [--delta-token-lifetime SECONDS]

  --data FILE               {"users": [...]} (default: the demo company's Entra users)
  --throttle N              Graph API requests per second; more get 429 with Retry-After (default: unlimited)
  --page-size N             largest /v1.0/users page whatever $top asks (default 999)
  --client-secret S         the only client secret accepted (default: any)
  --delta-page-size N       largest /v1.0/users/delta page (default 200)
  --delta-token-lifetime S  a delta link older than S seconds answers 400 syncStateNotFound (default 604800,
                            Graph's 7 days)

Serves /v1.0/users and /v1.0/users/delta (delta links, @removed users, 410 Gone after a reset). Test controls,
no authentication: POST /__sim/users {user}, PATCH /__sim/users/:id {properties},
DELETE /__sim/users/:id?reason=changed|deleted, POST /__sim/delta/reset.
Faults, off until set: POST /__sim/faults/token {"count": N|"unlimited", "status": 500|400, "retryAfterSeconds": S,
"revokeTokens": true} makes the next N token requests fail (count 0 clears; a 500 carries Retry-After S when given;
revokeTokens forgets every token issued).`;

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${name} must be a positive whole number, got "${value}"`);
  return n;
}

/**
 * `fleet simulate graph [options]` (USAGE): prints `ca <path>` and `listening on <url>`, serves until
 * SIGINT/SIGTERM. Without `--data` it serves the demo company's Entra users.
 */
export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '0' },
      data: { type: 'string' },
      throttle: { type: 'string' },
      'page-size': { type: 'string' },
      'client-secret': { type: 'string' },
      'delta-page-size': { type: 'string' },
      'delta-token-lifetime': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const simulator = await startGraphSimulator({
    port: Number(values.port),
    dataFile: values.data,
    users: values.data ? undefined : generateCompany(demoCompanyOptions()).graph.users,
    throttle: values.throttle ? { perSecond: Number(values.throttle) } : undefined,
    pageSize: values['page-size'] ? Number(values['page-size']) : undefined,
    clientSecret: values['client-secret'],
    deltaPageSize: positive('delta-page-size', values['delta-page-size']),
    deltaTokenLifetimeSeconds: positive('delta-token-lifetime', values['delta-token-lifetime']),
  });
  process.stdout.write(`ca ${simulator.caFile}\nlistening on ${simulator.url}\n`);
  await closeOnSignal(simulator.close);
}

/** Resolves after SIGINT or SIGTERM has closed the server. */
export function closeOnSignal(close: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      close().then(resolve, reject);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
