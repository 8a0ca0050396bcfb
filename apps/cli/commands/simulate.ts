/** `fleet simulate <name>`: hands the remaining arguments to that simulator's CLI. */
const SIMULATORS: Record<string, () => Promise<{ main(args: string[]): Promise<void> }>> = {
  safetyamp: () => import('../../simulators/safetyamp/cli.js'),
  samsara: () => import('../../simulators/samsara/cli.js'),
  graph: () => import('../../simulators/graph/cli.js'),
  vista: () => import('../../simulators/vista/cli.js'),
};

export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  const load = name ? SIMULATORS[name] : undefined;
  if (!load) {
    process.stderr.write(
      `usage: fleet simulate <${Object.keys(SIMULATORS).join('|')}> [--port P] [--data FILE]\n`,
    );
    return 2;
  }
  await (await load()).main(rest);
  return 0;
}
