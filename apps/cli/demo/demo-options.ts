import { ConfigurationError } from '../../../libs/platform/config.js';
import { parseCommandArgs, UsageError } from '../command-usage.js';
import { parsePortOption } from '../port-option.js';
import { DEFAULT_DASHBOARD_PORT, DEFAULT_DEMO_PREFIX, DEFAULT_EMPLOYEES, usage } from '../usage/demo.js';

export interface DemoOptions {
  /** The dashboard port asked for; 0 for any free one. */
  port: number;
  employees: number;
  queuePrefix: string;
}

/** `fleet demo`'s flags, with DASHBOARD_PORT as the port's default; a bad value names its flag or variable. */
export function demoOptions(args: string[], env: NodeJS.ProcessEnv): DemoOptions {
  const { values } = parseCommandArgs(usage, args);
  let port = DEFAULT_DASHBOARD_PORT;
  if (values.port !== undefined) port = parsePortOption(values.port, '--port');
  else if (env.DASHBOARD_PORT) {
    try {
      port = parsePortOption(env.DASHBOARD_PORT, 'DASHBOARD_PORT');
    } catch (err) {
      throw new ConfigurationError([(err as Error).message]);
    }
  }
  const employees = Number(values.employees ?? DEFAULT_EMPLOYEES);
  if (!Number.isInteger(employees) || employees < 1)
    throw new UsageError(`--employees: expected a whole number of at least 1, got "${values.employees}"`);
  const queuePrefix = values['queue-prefix'] ?? DEFAULT_DEMO_PREFIX;
  if (!/^[A-Za-z0-9_-]+$/.test(queuePrefix))
    throw new UsageError(`--queue-prefix: letters, digits, _ and - only, got "${queuePrefix}"`);
  return { port, employees, queuePrefix };
}
