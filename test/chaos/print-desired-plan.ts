/**
 * Prints (JSON on stdout) the domain's plan of what the sources want against what the SafetyAmp simulator holds
 * now: sources read by the fleet's own readers, the simulator's state from `/__sim/state`, configured by the
 * environment a fleet process gets. A separate process because the Graph simulator's CA is trusted through
 * NODE_EXTRA_CA_CERTS, which Node reads only at start.
 */
import type { SafetyAmpSeed } from '../../apps/simulators/safetyamp/server.js';
import { planRun } from '../../libs/domain/index.js';
import { ENTITY_TYPES } from '../../libs/domain/types.js';
import { readSources } from '../../libs/fleet/run/read-sources.js';
import { planSettingsFrom } from '../../libs/fleet/wiring/plan-settings.js';
import { buildSourceReaders } from '../../libs/fleet/wiring/source-readers.js';
import { loadConfig } from '../../libs/platform/config.js';
import { snapshotOf } from './sim-snapshot.js';

async function main(): Promise<void> {
  const config = loadConfig(['vista', 'graph', 'samsara', 'sync', 'safetyamp']);
  const readers = buildSourceReaders(config);
  try {
    const read = await readSources(readers, ENTITY_TYPES, new Date());
    const answer = await fetch(`${config.safetyamp.SAFETYAMP_BASE_URL}/__sim/state`);
    const state = (await answer.json()) as SafetyAmpSeed;
    const plan = planRun(read.snapshot, snapshotOf(state), planSettingsFrom(config.sync));
    process.stdout.write(JSON.stringify({ unavailable: read.unavailable, plan }));
  } finally {
    await readers.close();
  }
}

await main();
