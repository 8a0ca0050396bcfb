import winston from 'winston';

/**
 * Keys whose values never reach a log line: secrets and personal data. Matching is on the key name, at any
 * depth, so `{ payload: { email } }` is redacted as well as `{ email }`.
 */
const REDACTED_KEY =
  /(token|password|secret|authorization|cookie|api_?key|e?mail|phone|first_?name|last_?name|middle_?name|mid_?name|birth|street|address|^name$)/i;

/** A copy of `value` with every secret or personal field replaced by `[redacted]`, at any depth. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = REDACTED_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

const redactFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level' || key === 'message' || key === 'timestamp' || key === 'component') continue;
    info[key] = REDACTED_KEY.test(key) ? '[redacted]' : redact(info[key]);
  }
  return info;
});

export interface LoggingOptions {
  level: string;
  format: 'json' | 'pretty';
}

let options: LoggingOptions = {
  level: process.env.LOG_LEVEL ?? 'info',
  format: process.env.LOG_FORMAT === 'pretty' ? 'pretty' : 'json',
};

const root = winston.createLogger({
  level: options.level,
  format: buildFormat(options.format),
  // Logs go to stderr so that stdout stays free for command output (`fleet sync --json`).
  transports: [new winston.transports.Console({ stderrLevels: Object.keys(winston.config.npm.levels) })],
});

function buildFormat(format: LoggingOptions['format']): winston.Logform.Format {
  const base = [winston.format.timestamp(), winston.format.errors({ stack: false }), redactFormat()];
  if (format === 'pretty') {
    return winston.format.combine(
      ...base,
      winston.format.colorize(),
      winston.format.printf(({ timestamp, level, message, component, ...rest }) => {
        const extra = Object.keys(rest).length ? ' ' + JSON.stringify(rest) : '';
        return `${String(timestamp)} ${level} [${String(component ?? 'fleet')}] ${String(message)}${extra}`;
      }),
    );
  }
  return winston.format.combine(...base, winston.format.json());
}

/** Applies the validated configuration (LOG_LEVEL, LOG_FORMAT) to every logger, existing or future. */
export function configureLogging(next: LoggingOptions): void {
  options = next;
  root.level = next.level;
  root.format = buildFormat(next.format);
}

/** winston's npm levels, most severe first: what LOG_LEVEL and the dashboard's log-level action accept. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

/** Changes the level of every logger of this process, existing or future, without touching the format. */
export function setLogLevel(level: LogLevel): void {
  options = { ...options, level };
  root.level = level;
}

export type Logger = winston.Logger;

/** A logger for one component; add `runId`, `entityType` and `entityKey` with `.child({...})`. */
export function createLogger(component: string): Logger {
  return root.child({ component });
}

export function loggingOptions(): LoggingOptions {
  return options;
}
