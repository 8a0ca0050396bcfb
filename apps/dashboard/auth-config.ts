import { ConfigurationError, type ConfigOf } from '../../libs/platform/config.js';
import { isRole, ROLES, type DashboardRole } from '../../libs/ops/index.js';
import { isPasswordHash } from './passwords.js';

export interface DashboardUser {
  name: string;
  role: DashboardRole;
  /** `scrypt$<salt>$<hash>` (see password.ts). */
  passwordHash: string;
}

/** Who may use the dashboard and how the dashboard knows them. */
export interface DashboardAuthConfig {
  users: DashboardUser[];
  /** Signs the session cookie; a key derived from it signs CSRF tokens. Never sent to a browser. */
  sessionSecret: string;
  /** When set, an authenticating reverse proxy names the user in this header (the login form stays for others). */
  proxyHeader?: string;
  /** When set with `proxyHeader`, the proxy also names the role (`operator` or `viewer`) in this header. */
  proxyRoleHeader?: string;
  /** Cookies only over HTTPS (production); false for plain-HTTP development and tests. */
  secureCookies: boolean;
  /** When set, /metrics wants `Authorization: Bearer <token>`; otherwise /metrics is open (and only it). */
  metricsToken?: string;
  /** Express `trust proxy`: which hops may set X-Forwarded-For/-Proto (client address for the login limit). */
  trustProxy?: boolean | number | string;
}

/** Parses DASHBOARD_USERS: `name:role:scrypt-hash` entries separated by commas. Never echoes a hash. */
export function parseDashboardUsers(text: string | undefined): DashboardUser[] {
  if (!text) return [];
  const problems: string[] = [];
  const users: DashboardUser[] = [];
  text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .forEach((entry, index) => {
      const [name, role, ...rest] = entry.split(':');
      const passwordHash = rest.join(':');
      if (!name || !isRole(role) || !isPasswordHash(passwordHash)) {
        problems.push(
          `DASHBOARD_USERS: entry ${index + 1} is not name:role:hash with role ${ROLES.join(' or ')} and a hash from fleet hash-password`,
        );
      } else if (users.some((u) => u.name === name)) {
        problems.push(`DASHBOARD_USERS: entry ${index + 1} repeats a user name`);
      } else users.push({ name, role, passwordHash });
    });
  if (problems.length) throw new ConfigurationError(problems);
  return users;
}

/**
 * The auth configuration from the validated `dashboard` section. DASHBOARD_TRUST_PROXY defaults to loopback and
 * private ranges, and is required when a proxy header signs users in.
 */
export function authConfigFrom(dashboard: ConfigOf<'dashboard'>): DashboardAuthConfig {
  const users = parseDashboardUsers(dashboard.DASHBOARD_USERS);
  if (!users.length && !dashboard.DASHBOARD_AUTH_PROXY_HEADER) {
    throw new ConfigurationError([
      'DASHBOARD_USERS: is required unless DASHBOARD_AUTH_PROXY_HEADER names an authenticating proxy',
    ]);
  }
  if (dashboard.DASHBOARD_AUTH_PROXY_HEADER && !dashboard.DASHBOARD_TRUST_PROXY) {
    // Whoever may set the header may sign in as anyone: that must be said, not defaulted.
    throw new ConfigurationError([
      'DASHBOARD_TRUST_PROXY: is required with DASHBOARD_AUTH_PROXY_HEADER (the address or range of the proxy)',
    ]);
  }
  const metricsToken = dashboard.DASHBOARD_METRICS_TOKEN;
  return {
    users,
    sessionSecret: dashboard.DASHBOARD_SESSION_SECRET,
    ...(dashboard.DASHBOARD_AUTH_PROXY_HEADER ? { proxyHeader: dashboard.DASHBOARD_AUTH_PROXY_HEADER } : {}),
    ...(dashboard.DASHBOARD_AUTH_PROXY_ROLE_HEADER
      ? { proxyRoleHeader: dashboard.DASHBOARD_AUTH_PROXY_ROLE_HEADER }
      : {}),
    secureCookies: dashboard.DASHBOARD_SECURE_COOKIES,
    ...(metricsToken ? { metricsToken } : {}),
    trustProxy: parseTrustProxy(dashboard.DASHBOARD_TRUST_PROXY),
  };
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '') return 'loopback, uniquelocal';
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}
