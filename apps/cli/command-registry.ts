import type { CommandUsage } from './command-usage.js';
import { usage as dashboard } from './usage/dashboard.js';
import { usage as demo } from './usage/demo.js';
import { usage as hashPassword } from './usage/hash-password.js';
import { usage as producer } from './usage/producer.js';
import { usage as reconcile } from './usage/reconcile.js';
import { usage as simulate } from './usage/simulate.js';
import { usage as sync } from './usage/sync.js';
import { usage as worker } from './usage/worker.js';

export interface FleetCommand {
  /** Flags, environment and exit codes: what `--help` prints and what the command parses its flags with. */
  usage: CommandUsage;
  /** The command's module, loaded on demand so a simulator does not pull in BullMQ nor a worker SQLite. */
  load: () => Promise<{ main(args: string[]): Promise<number | void> }>;
}

/** Every `fleet` subcommand, in the order `fleet --help` lists them. */
export const COMMANDS: Readonly<Record<string, FleetCommand>> = {
  demo: { usage: demo, load: () => import('./commands/demo.js') },
  producer: { usage: producer, load: () => import('./commands/producer.js') },
  worker: { usage: worker, load: () => import('./commands/worker.js') },
  dashboard: { usage: dashboard, load: () => import('./commands/dashboard.js') },
  sync: { usage: sync, load: () => import('./commands/sync.js') },
  reconcile: { usage: reconcile, load: () => import('./commands/reconcile.js') },
  simulate: { usage: simulate, load: () => import('./commands/simulate.js') },
  'hash-password': { usage: hashPassword, load: () => import('./commands/hash-password.js') },
};
