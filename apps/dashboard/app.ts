import cookieParser from 'cookie-parser';
import express from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { checkReadiness, worstBreaker } from '../../libs/fleet/readiness.js';
import type { OpsContext } from '../../libs/ops/index.js';
import { createLogger } from '../../libs/platform/logger.js';
import { refuseWritesOfReadOnlyRoles, requireUser } from './access.js';
import type { DashboardAuthConfig } from './auth-config.js';
import { recordBoardActions } from './board/board-action-log.js';
import { BOARD_PATH, createBoards } from './board/boards.js';
import { createCsrfProtection } from './csrf.js';
import { createFleetMetrics } from './fleet-metrics.js';
import { createLoginLimiter } from './login-limit.js';
import { proxyAuthentication } from './proxy-sign-in.js';
import { actionRoutes } from './routes/action-routes.js';
import { apiRoutes } from './routes/api-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { answerErrors, notFound } from './routes/fallback-routes.js';
import { fleetStatusRoutes } from './routes/fleet-status-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { loginRoutes } from './routes/login-routes.js';
import { recordExportRoutes } from './routes/record-export-routes.js';
import { runRoutes } from './routes/run-routes.js';
import { RedisSessionStore, SESSION_COOKIE } from './session-store.js';
import type { RedisClient } from '../../libs/platform/redis-client.js';
import { SourceHealth } from '../../libs/state/source-health.js';

/** What the dashboard is built from; the composition root (main.ts, or a test) passes real parts. */
export interface DashboardDeps extends OpsContext {
  auth: DashboardAuthConfig;
  /** The connection for sessions and /ready (the queues have their own in `queues`). */
  redis: RedisClient;
  /**
   * QUEUE_PREFIX: sessions are kept under `<prefix>:dashboard:session:`, failed sign-ins counted under
   * `<prefix>:dashboard:login-attempts:`.
   */
  prefix: string;
}

const SESSION_MS = 8 * 3600 * 1000;

/**
 * The dashboard: /live, /ready and /metrics outside the session; /login; then, for signed-in users only, Bull
 * Board at /board (one board per role, as the ops policy shapes it), the JSON API at /api and the pages.
 * Every state-changing request needs a CSRF token; what each role may do is the ops policy's word.
 */
export function createDashboardApp(deps: DashboardDeps): express.Express {
  const { auth } = deps;
  const logger = createLogger('dashboard');
  const ctx: OpsContext = {
    queues: deps.queues,
    runRecords: deps.runRecords,
    audit: deps.audit,
    counters: deps.counters,
    actions: deps.actions,
    control: deps.control,
    workers: deps.workers,
    limiter: deps.limiter,
    rateBudget: deps.rateBudget,
    logLevel: deps.logLevel,
    drift: deps.drift,
  };
  const csrf = createCsrfProtection(auth.sessionSecret, auth.secureCookies);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', auth.trustProxy ?? 'loopback, uniquelocal');

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          // Bull Board's UI and these pages set inline styles; no third-party fonts or styles are loaded.
          'style-src': ["'self'", "'unsafe-inline'"],
          'font-src': ["'self'", 'data:'],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': auth.secureCookies ? [] : null,
        },
      },
      strictTransportSecurity: auth.secureCookies,
    }),
  );

  const sourceHealth = new SourceHealth(deps.redis, deps.prefix);
  // The dashboard has no breaker of its own: it tells the worst of the live processes' (from their heartbeats).
  const readiness = () =>
    checkReadiness({
      redis: deps.redis,
      sourceHealth,
      breaker: async () =>
        worstBreaker(
          (await deps.workers.alive().catch(() => [])).map((w) =>
            w.breaker === 'halfOpen' ? 'half-open' : w.breaker,
          ),
        ),
    });
  app.use(healthRoutes(readiness, createFleetMetrics(ctx), auth.metricsToken, logger));

  app.use(cookieParser());
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: auth.sessionSecret,
      store: new RedisSessionStore(deps.redis, deps.prefix),
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: auth.secureCookies, maxAge: SESSION_MS, path: '/' },
    }),
  );
  // Forms are parsed before the CSRF check, which reads their hidden `_csrf` field.
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  app.use(proxyAuthentication(auth));
  app.use(loginRoutes(auth, csrf, logger, createLoginLimiter(deps.redis, deps.prefix, logger)));

  app.use(requireUser);
  app.use((req, res, next) => {
    if (!req.path.startsWith(`${BOARD_PATH}/static/`)) res.set('Cache-Control', 'no-store');
    next();
  });
  app.use(csrf.doubleCsrfProtection);
  // Bull Board's page needs the XSRF-TOKEN cookie before its UI sends its first PUT.
  app.use(BOARD_PATH, (req, res, next) => {
    if (req.method === 'GET' && !req.path.startsWith('/api/') && !req.path.startsWith('/static/')) {
      csrf.generateCsrfToken(req, res);
    }
    next();
  });
  app.use(
    BOARD_PATH,
    refuseWritesOfReadOnlyRoles,
    recordBoardActions(deps.actions, logger),
    createBoards(deps.queues),
  );
  app.use('/api', apiRoutes(ctx, csrf, logger));
  app.use(fleetStatusRoutes(ctx, csrf));
  app.use(runRoutes(ctx, csrf));
  app.use(auditRoutes(ctx, csrf));
  app.use(recordExportRoutes(ctx));
  app.use(actionRoutes(ctx, csrf, logger));

  app.use(notFound);
  app.use(answerErrors(logger));
  return app;
}
