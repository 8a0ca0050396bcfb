import {
  emailChannel,
  RunReporter,
  webhookChannel,
  type ReportChannel,
} from '../../libs/ops/run-report/index.js';
import type { ConfigOf } from '../../libs/platform/config.js';
import type { Logger } from '../../libs/platform/logger.js';
import type { RedisClient } from '../../libs/platform/redis-client.js';
import { redisKeyPrefix } from '../../libs/queue/key-prefix.js';
import { DriftLog } from '../../libs/state/drift-log.js';
import { ReportedFingerprint } from '../../libs/state/reported-fingerprint.js';

/** The run report's channels as configured (REPORT_WEBHOOK_URL, REPORT_EMAIL_TO over SMTP_*); none, no report. */
export function reportChannelsFrom(report: ConfigOf<'report'>): ReportChannel[] {
  const channels: ReportChannel[] = [];
  if (report.REPORT_WEBHOOK_URL)
    channels.push(webhookChannel(report.REPORT_WEBHOOK_URL, report.REPORT_TIMEOUT_MS));
  if (report.REPORT_EMAIL_TO && report.SMTP_HOST && report.REPORT_EMAIL_FROM)
    channels.push(
      emailChannel({
        host: report.SMTP_HOST,
        port: report.SMTP_PORT,
        secure: report.SMTP_SECURE,
        ...(report.SMTP_USER ? { user: report.SMTP_USER, password: report.SMTP_PASSWORD ?? '' } : {}),
        from: report.REPORT_EMAIL_FROM,
        to: report.REPORT_EMAIL_TO,
        timeoutMs: report.REPORT_TIMEOUT_MS,
      }),
    );
  return channels;
}

/** The run report observer of a process that executes runs; null when no channel is configured. */
export function runReporterFrom(
  config: { redis: ConfigOf<'redis'>; report: ConfigOf<'report'> },
  redis: RedisClient,
  logger: Logger,
): RunReporter | null {
  const channels = reportChannelsFrom(config.report);
  if (!channels.length) return null;
  const prefix = redisKeyPrefix(config.redis.QUEUE_PREFIX);
  return new RunReporter({
    channels,
    reported: new ReportedFingerprint(redis, prefix, 'unsynced'),
    drift: { log: new DriftLog(redis, prefix), reported: new ReportedFingerprint(redis, prefix, 'drift') },
    ...(config.report.DASHBOARD_URL ? { dashboardUrl: config.report.DASHBOARD_URL } : {}),
    logger,
  });
}
