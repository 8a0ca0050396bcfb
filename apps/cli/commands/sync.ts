import { runExitCode } from '../../../libs/fleet/run/exit-code.js';
import { pushRunMetrics } from '../../../libs/fleet/run/push-run-metrics.js';
import { loadConfig } from '../../../libs/platform/config.js';
import { parseRecordKeys, type RecordKeys } from '../../../libs/fleet/run/record-keys.js';
import { requestRun } from '../../../libs/fleet/run/request-run.js';
import { ConfigurationError } from '../../../libs/platform/config.js';
import { openStores } from '../../../libs/fleet/wiring/stores.js';
import { parseCommandArgs } from '../command-usage.js';
import { parseDurationOption } from '../duration-option.js';
import { parseEntityTypes } from '../entity-types-option.js';
import { startFleetProcess } from '../fleet-process.js';
import { requestAndAwait } from '../request-and-await.js';
import { formatPlan, formatSummary, planReport } from '../run-report.js';
import { usage } from '../usage/sync.js';

/** `--keys users:1234,sites:30031.`: the records to sync now; a bad one stops the command (exit 2) with why. */
function parseKeysOption(text: string | undefined, withEntities: boolean): RecordKeys | undefined {
  if (text === undefined) return undefined;
  if (withEntities) throw new ConfigurationError(['--keys: name records or --entities, not both']);
  const parsed = parseRecordKeys(text);
  if ('error' in parsed) throw new ConfigurationError([`--keys: ${parsed.error}`]);
  return parsed.keys;
}
const RUN_LOST = 'run record missing: Redis no longer holds the run (restarted without persistence?)';

/**
 * `fleet sync [--entities a,b | --keys type:key,…] [--dry-run] [--wait] [--inline] [--json] [--max-duration 45m]`: requests one run
 * now. Exit 0 all synced; 1 the run completed with errors, was blocked or timed out; 2 configuration or connection
 * error (or the run failed).
 */
export async function main(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(usage, args);
  const types = parseEntityTypes(values.entities, '--entities');
  const keys = parseKeysOption(values.keys, values.entities !== undefined);
  const maxDurationMs = parseDurationOption(values['max-duration'], '--max-duration');
  const { pushgateway } = loadConfig(['pushgateway']);
  const fleet = await startFleetProcess('sync', { failFast: false });
  const print = (text: string): void => void process.stdout.write(text);
  const dryRun = values['dry-run'] === true;
  const request = {
    kind: 'sync' as const,
    trigger: 'cli' as const,
    types,
    dryRun,
    ...(maxDurationMs !== undefined ? { maxDurationMs } : {}),
    ...(keys ? { keys } : {}),
  };
  try {
    if (!values.wait && !values.inline && !dryRun) {
      const stores = openStores(fleet.connections.commands, fleet.config);
      const runId = await requestRun(stores.queues.runs, request);
      await stores.queues.close();
      print(values.json ? JSON.stringify({ runId }) + '\n' : `run ${runId} queued\n`);
      return 0;
    }
    const summary = await requestAndAwait(fleet, request, { inline: values.inline === true });
    if (!summary) {
      print(values.json ? JSON.stringify({ status: 'failed', error: RUN_LOST }) + '\n' : `${RUN_LOST}\n`);
      return 2;
    }
    if (pushgateway.PUSHGATEWAY_URL) await pushRunMetrics(pushgateway.PUSHGATEWAY_URL, summary, fleet.logger);
    if (dryRun) {
      const stores = openStores(fleet.connections.commands, fleet.config);
      const report = planReport(summary, await stores.runRecords.plannedChanges(summary.runId, 0, 5_000));
      await stores.queues.close();
      print(values.json ? JSON.stringify(report) + '\n' : formatPlan(report));
    } else {
      print(values.json ? JSON.stringify(summary) + '\n' : formatSummary(summary));
    }
    return runExitCode(summary);
  } finally {
    await fleet.connections.close();
  }
}
