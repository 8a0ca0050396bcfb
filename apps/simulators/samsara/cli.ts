import { parseArgs } from 'node:util';
import { generateCompany } from '../dataset/generate-company.js';
import { demoCompanyOptions } from '../dataset/company-dataset.js';
import { closeOnSignal } from '../graph/cli.js';
import { startSamsaraSimulator } from './server.js';

/**
 * `fleet simulate samsara [--port P] [--data FILE] [--throttle N]`: prints `listening on <url>`, serves until
 * SIGINT/SIGTERM. Without `--data` it serves the demo company's vehicles and drivers.
 */
export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '0' },
      data: { type: 'string' },
      throttle: { type: 'string' },
    },
  });
  const simulator = await startSamsaraSimulator({
    port: Number(values.port),
    dataFile: values.data,
    data: values.data ? undefined : generateCompany(demoCompanyOptions()).samsara,
    throttle: values.throttle ? { perSecond: Number(values.throttle) } : undefined,
  });
  process.stdout.write(`listening on ${simulator.url}\n`);
  await closeOnSignal(simulator.close);
}
