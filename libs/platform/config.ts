import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseRateLimit } from '../safetyamp/rate-limit.js';
import { parseDuration } from './duration.js';
import { LOG_LEVELS } from './logger.js';

/**
 * The fleet's configuration, parsed once from the environment. Each process asks for the sections it needs;
 * a missing or malformed value of one of those sections stops the process with the variable's name.
 * Any variable may instead be read from a file named by `<NAME>_FILE` (Kubernetes secret mounts).
 */

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigurationError';
  }
}

const text = z.string().trim().min(1);
const port = z.coerce.number().int().min(1).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const httpUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));
/** Parses with `parse`, turning its error into a zod issue (the message names the variable). */
function parsedWith<T>(parse: (text: string) => T) {
  return z.string().transform((text, ctx) => {
    try {
      return parse(text);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });
}

const rateLimit = parsedWith(parseRateLimit);
const duration = parsedWith(parseDuration);
const pemCertificates = parsedWith(readPemCertificates);

const sections = {
  redis: z
    .object({
      REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
      QUEUE_PREFIX: text.regex(/^[A-Za-z0-9_-]+$/).default('safetyamp'),
      /**
       * BullMQ loses jobs on a Redis that evicts keys: every process refuses to start unless maxmemory-policy is
       * noeviction. Set this to `true` only to override that check knowingly.
       */
      REDIS_ALLOW_EVICTION: bool.default(false),
      /** REDIS_URL names one seed node of a Redis Cluster; every connection is a cluster client. */
      REDIS_CLUSTER: bool.default(false),
      /**
       * A path, read at start (not a `<NAME>_FILE` indirection): the PEM CA certificate(s) that the certificate of a
       * `rediss://` Redis must chain to. Unset: the CAs Node trusts.
       */
      REDIS_TLS_CA_FILE: pemCertificates.optional(),
    })
    .superRefine((redis, ctx) => {
      const url = new URL(redis.REDIS_URL);
      if (redis.REDIS_TLS_CA_FILE && url.protocol !== 'rediss:')
        ctx.addIssue({
          code: 'custom',
          path: ['REDIS_TLS_CA_FILE'],
          message: 'is set but REDIS_URL is not rediss:// (TLS)',
        });
      if (redis.REDIS_CLUSTER && !['', '/', '/0'].includes(url.pathname))
        ctx.addIssue({
          code: 'custom',
          path: ['REDIS_URL'],
          message: 'names a database, but a Redis Cluster has only database 0 (REDIS_CLUSTER=true)',
        });
    }),
  pushgateway: z.object({
    /** A Prometheus Pushgateway one-shot runs (`fleet sync`, `fleet reconcile`) push their metrics to; unset: none. */
    PUSHGATEWAY_URL: httpUrl.optional(),
  }),
  logging: z.object({
    /** The level each process starts with; an operator may change it fleet-wide at runtime from the dashboard. */
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  }),
  safetyamp: z.object({
    SAFETYAMP_BASE_URL: httpUrl.default('https://api.safetyamp.com'),
    SAFETYAMP_TOKEN: text,
    SAFETYAMP_FQDN: text,
    SAFETYAMP_RATE_LIMIT: rateLimit.default(parseRateLimit('60/61s')),
    SAFETYAMP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    SAFETYAMP_PAGE_LIMIT: z.coerce.number().int().positive().default(100),
  }),
  vista: z.object({
    VISTA_SERVER: text,
    VISTA_PORT: port.default(1433),
    VISTA_DATABASE: text,
    VISTA_USER: text,
    VISTA_PASSWORD: text,
    VISTA_ENCRYPT: bool.default(true),
    VISTA_TRUST_SERVER_CERTIFICATE: bool.default(false),
    VISTA_COMPANY: z.coerce.number().int().min(0).max(255).default(1),
    VISTA_RECENT_JOB_DAYS: z.coerce.number().int().positive().default(180),
    VISTA_POOL_MAX: z.coerce.number().int().positive().default(5),
    VISTA_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
    /**
     * How long the Vista circuit breaker stays open (no query sent) after repeated failed reads, before it lets
     * one read try again, e.g. `30s` (the default).
     */
    VISTA_BREAKER_RESET: duration.default(30_000),
  }),
  graph: z.object({
    GRAPH_TENANT_ID: text,
    GRAPH_CLIENT_ID: text,
    GRAPH_CLIENT_SECRET: text,
    GRAPH_AUTHORITY_URL: httpUrl.default('https://login.microsoftonline.com'),
    GRAPH_BASE_URL: httpUrl.default('https://graph.microsoft.com'),
  }),
  samsara: z.object({
    SAMSARA_BASE_URL: httpUrl.default('https://api.samsara.com'),
    SAMSARA_API_KEY: text,
  }),
  sync: z.object({
    /** Every minute: a run with nothing new costs each source one cheap question and SafetyAmp nothing. */
    SYNC_SCHEDULE: text.default('* * * * *'),
    SYNC_TIMEZONE: text
      .refine((tz) => isTimeZone(tz), 'not an IANA time zone such as America/Chicago')
      .default('America/Chicago'),
    RECONCILE_SCHEDULE: text.default('0 3 * * *'),
    /** Runs ask the sources what changed; every this often (and after every reconcile) they read them in full. */
    SOURCE_FULL_READ_INTERVAL: duration.default(3_600_000),
    /** How long a run may take before it ends `timed_out`; unset: twice its drain estimate, at least 15 minutes. */
    RUN_MAX_DURATION: duration.optional(),
    /** Run records, the audit trail and the operator action log are kept this many days. */
    HISTORY_RETENTION_DAYS: z.coerce.number().positive().default(30),
    // The plan's settings have one home for their defaults: libs/domain/settings.ts (planSettingsFrom applies them).
    SYNC_DEACTIVATION_POLICY: z.enum(['deactivate', 'ignore']).optional(),
    SYNC_MAX_DEACTIVATION_SHARE: z.coerce.number().min(0).max(1).optional(),
    SYNC_ROOT_CLUSTER_NAME: text.optional(),
    SYNC_ROOT_CLUSTER_CODE: text.optional(),
    SYNC_DEFAULT_ROLE: text.optional(),
    SYNC_VEHICLE_ASSET_TYPE_ID: z.coerce.number().int().positive().optional(),
    SYNC_VEHICLE_SITE_ID: z.coerce.number().int().positive().optional(),
    SYNC_DEFAULT_STATE: text.optional(),
    SYNC_DEFAULT_ZIP: text.optional(),
    SYNC_DEFAULT_TIMEZONE: text.optional(),
    SYNC_COUNTRY: text.optional(),
  }),
  worker: z.object({
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
    WORKER_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(25_000),
    /** How long a job's lock lasts without renewal: a worker killed with SIGKILL gives its jobs back after it. */
    WORKER_LOCK_MS: z.coerce.number().int().min(1_000).default(60_000),
    /**
     * The same for a run job held by a producer. Planning a large company keeps the event loop busy for seconds, so
     * this lock must stay well above the longest plan; a producer killed mid-run hands its run on after it.
     */
    RUN_LOCK_MS: z.coerce.number().int().min(5_000).default(60_000),
    WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(9090),
    JOB_ATTEMPTS: z.coerce.number().int().min(1).default(8),
    JOB_BACKOFF_MS: z.coerce.number().int().positive().default(5_000),
    /** How many days a failed job is kept (by age); unset: HISTORY_RETENTION_DAYS. */
    FAILED_JOB_RETENTION_DAYS: z.coerce.number().positive().optional(),
  }),
  dashboard: z.object({
    DASHBOARD_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    DASHBOARD_HOST: text.default('0.0.0.0'),
    /** `name:role:scrypt-hash` entries separated by commas; role is `operator` or `viewer`. */
    DASHBOARD_USERS: text.optional(),
    DASHBOARD_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters'),
    /** When set, the user name comes from this header, set by an authenticating reverse proxy. */
    DASHBOARD_AUTH_PROXY_HEADER: text.optional(),
    DASHBOARD_AUTH_PROXY_ROLE_HEADER: text.optional(),
    DASHBOARD_SECURE_COOKIES: bool.default(true),
    /** Bearer token Prometheus must send to /metrics; without it /metrics is open (counts only). */
    DASHBOARD_METRICS_TOKEN: text.optional(),
    /** Express `trust proxy`: `true`, a hop count, or addresses/ranges of the reverse proxy. */
    DASHBOARD_TRUST_PROXY: text.optional(),
  }),
  report: z
    .object({
      /** The dashboard's address as its readers reach it: the run report links to it. */
      DASHBOARD_URL: httpUrl.optional(),
      /** Where the run report is posted as JSON (`text`, `title`, `summary`): a Slack or Teams incoming webhook. */
      REPORT_WEBHOOK_URL: httpUrl.optional(),
      /** Comma-separated addresses the run report is e-mailed to (through SMTP_HOST). */
      REPORT_EMAIL_TO: z
        .string()
        .transform((list) =>
          list
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
        )
        .pipe(z.array(z.email()).min(1))
        .optional(),
      REPORT_EMAIL_FROM: z.email().optional(),
      /** How long one delivery (webhook post, SMTP conversation) may take. */
      REPORT_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
      SMTP_HOST: text.optional(),
      SMTP_PORT: port.default(587),
      /** `true`: TLS from the first byte (port 465); `false`: STARTTLS when the server offers it. */
      SMTP_SECURE: bool.default(false),
      SMTP_USER: text.optional(),
      SMTP_PASSWORD: text.optional(),
    })
    .superRefine((report, ctx) => {
      const need = (variable: string, message: string): void =>
        ctx.addIssue({ code: 'custom', path: [variable], message });
      if (report.REPORT_EMAIL_TO && !report.SMTP_HOST)
        need('SMTP_HOST', 'is required to e-mail the run report (REPORT_EMAIL_TO is set)');
      if (report.REPORT_EMAIL_TO && !report.REPORT_EMAIL_FROM)
        need('REPORT_EMAIL_FROM', 'is required to e-mail the run report (REPORT_EMAIL_TO is set)');
      if (report.SMTP_USER && !report.SMTP_PASSWORD) need('SMTP_PASSWORD', 'is required with SMTP_USER');
    }),
} as const;

export type SectionName = keyof typeof sections;
export const SECTION_NAMES = Object.keys(sections) as SectionName[];
export type ConfigOf<S extends SectionName> = z.infer<(typeof sections)[S]>;
export type Config<S extends SectionName> = { [K in S]: ConfigOf<K> };

/** The file's text when it holds at least one PEM certificate; read once, at start. */
function readPemCertificates(path: string): { path: string; pem: string } {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: err,
    });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`${path} holds no PEM certificate`);
  return { path, pem };
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const KNOWN_VARIABLES: ReadonlySet<string> = new Set(
  Object.values(sections).flatMap((schema) => Object.keys(schema.shape)),
);

/** Every variable the configuration knows, by name (a misspelt name does not compile). */
export type VariableName = { [S in SectionName]: keyof ConfigOf<S> & string }[SectionName];

/** A section's variables in declaration order, and whether a process refuses to start without each. */
export function sectionVariables(name: SectionName): { variable: VariableName; required: boolean }[] {
  return Object.entries(sections[name].shape).map(([variable, schema]) => ({
    variable: variable as VariableName,
    required: !(schema as z.ZodType).safeParse(undefined).success,
  }));
}

/**
 * Reads `<NAME>_FILE` indirections of the fleet's own variables into plain values (other programs' `*_FILE`
 * variables are left alone); a file that cannot be read is a configuration error.
 */
function resolveFiles(env: NodeJS.ProcessEnv, problems: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue;
    const target = name.endsWith('_FILE') ? name.slice(0, -'_FILE'.length) : '';
    if (KNOWN_VARIABLES.has(target)) {
      try {
        out[target] = readFileSync(value, 'utf8').trim();
      } catch (err) {
        problems.push(`${name}: cannot read ${value} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    } else if (out[name] === undefined) {
      out[name] = value;
    }
  }
  return out;
}

/** Parses the named sections from `env`; throws ConfigurationError naming every bad variable. */
export function loadConfig<S extends SectionName>(
  names: readonly S[],
  env: NodeJS.ProcessEnv = process.env,
): Config<S> {
  const problems: string[] = [];
  const values = resolveFiles(env, problems);
  const config = {} as Record<string, unknown>;
  for (const name of names) {
    const result = sections[name].safeParse(values);
    if (result.success) config[name] = result.data;
    else
      for (const issue of result.error.issues) {
        const variable = String(issue.path[0] ?? name);
        const reason =
          values[variable] === undefined && issue.code !== 'custom' ? 'is required' : issue.message;
        problems.push(`${variable}: ${reason}`);
      }
  }
  if (problems.length) throw new ConfigurationError([...new Set(problems)]);
  return config as Config<S>;
}
