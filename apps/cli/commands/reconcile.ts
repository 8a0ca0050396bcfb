import { runExitCode } from '../../../libs/fleet/run/exit-code.js';
import { pushRunMetrics } from '../../../libs/fleet/run/push-run-metrics.js';
import { loadConfig } from '../../../libs/platform/config.js';
import { parseCommandArgs } from '../command-usage.js';
import { startFleetProcess } from '../fleet-process.js';
import { requestAndAwait } from '../request-and-await.js';
import { formatSummary } from '../run-report.js';
import { usage } from '../usage/reconcile.js';

/**
 * `fleet reconcile [--json]`: rebuilds the mirror from full SafetyAmp listings. It goes through the runs queue, so it
 * never overlaps a sync run that is writing to the mirror.
 */
export async function main(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(usage, args);
  const { pushgateway } = loadConfig(['pushgateway']);
  const fleet = await startFleetProcess('reconcile', { failFast: false });
  try {
    const summary = await requestAndAwait(fleet, { kind: 'reconcile', trigger: 'cli' }, { inline: false });
    if (!summary) return 2;
    if (pushgateway.PUSHGATEWAY_URL) await pushRunMetrics(pushgateway.PUSHGATEWAY_URL, summary, fleet.logger);
    process.stdout.write(values.json ? JSON.stringify(summary) + '\n' : formatSummary(summary));
    return runExitCode(summary);
  } finally {
    await fleet.connections.close();
  }
}
