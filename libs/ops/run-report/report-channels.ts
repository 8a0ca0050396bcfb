import nodemailer from 'nodemailer';
import { webhookPayload, type OutgoingReport } from './run-report.js';

/** One way a run report reaches people; `deliver` rejects when the report did not get there. */
export interface ReportChannel {
  /** `webhook` or `email`: for logs, never the address. */
  readonly name: string;
  deliver(report: OutgoingReport): Promise<void>;
  close?(): void;
}

export class ReportDeliveryFailed extends Error {
  constructor(channel: string, why: string, options?: { cause?: unknown }) {
    super(`the run report could not be delivered by ${channel}: ${why}`, options);
    this.name = 'ReportDeliveryFailed';
  }
}

/** Posts the report as JSON to an incoming webhook (Slack, Teams, or any receiver); any 2xx answer is delivery. */
export function webhookChannel(url: string, timeoutMs: number): ReportChannel {
  return {
    name: 'webhook',
    async deliver(report) {
      let answer: Response;
      try {
        answer = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(webhookPayload(report)),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw new ReportDeliveryFailed('webhook', (err as Error).message, { cause: err });
      }
      await answer.body?.cancel();
      if (!answer.ok) throw new ReportDeliveryFailed('webhook', `answered ${answer.status}`);
    },
  };
}

export interface EmailSettings {
  host: string;
  port: number;
  /** TLS from the first byte; otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
  to: string[];
  timeoutMs: number;
}

/** E-mails the report as plain text over SMTP (nodemailer). */
export function emailChannel(settings: EmailSettings): ReportChannel {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });
  return {
    name: 'email',
    async deliver(report) {
      try {
        await transport.sendMail({
          from: settings.from,
          to: settings.to,
          subject: report.title,
          text: report.text,
        });
      } catch (err) {
        throw new ReportDeliveryFailed('email', (err as Error).message, { cause: err });
      }
    },
    close: () => transport.close(),
  };
}
