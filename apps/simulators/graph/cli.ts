import { parseArgs } from 'node:util';
import { generateCompany } from '../dataset/generate-company.js';
import { demoCompanyOptions } from '../dataset/company-dataset.js';
import { startGraphSimulator } from './server.js';

/**
 * `fleet simulate graph [--port P] [--data FILE] [--throttle N] [--page-size N] [--client-secret S]`:
 * prints `ca <path>` and `listening on <url>`, serves until SIGINT/SIGTERM. Without `--data` it serves the
 * demo company's Entra users.
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
    },
  });
  const simulator = await startGraphSimulator({
    port: Number(values.port),
    dataFile: values.data,
    users: values.data ? undefined : generateCompany(demoCompanyOptions()).graph.users,
    throttle: values.throttle ? { perSecond: Number(values.throttle) } : undefined,
    pageSize: values['page-size'] ? Number(values['page-size']) : undefined,
    clientSecret: values['client-secret'],
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
