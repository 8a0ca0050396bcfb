import { UsageError } from '../command-usage.js';
import { SIMULATOR_NAMES } from '../usage/simulate.js';

type SimulatorName = (typeof SIMULATOR_NAMES)[number];

/** `fleet simulate <name>`: hands the remaining arguments to that simulator's CLI. */
const SIMULATORS: Record<SimulatorName, () => Promise<{ main(args: string[]): Promise<void> }>> = {
  safetyamp: () => import('../../simulators/safetyamp/cli.js'),
  samsara: () => import('../../simulators/samsara/cli.js'),
  graph: () => import('../../simulators/graph/cli.js'),
  vista: () => import('../../simulators/vista/cli.js'),
};

export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name) throw new UsageError('which simulator?');
  if (!(SIMULATOR_NAMES as readonly string[]).includes(name))
    throw new UsageError(`unknown simulator '${name}'`);
  try {
    await (await SIMULATORS[name as SimulatorName]()).main(rest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS_'))
      throw new UsageError(`${(err as Error).message} (fleet simulate ${name} --help lists its flags)`);
    throw err;
  }
  return 0;
}
