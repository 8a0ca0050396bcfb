import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { RedisClient } from '../../libs/platform/redis-client.js';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { Logger } from '../../libs/platform/logger.js';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Failed sign-ins per client address and window, fleet-wide; successful ones do not count. */
export const LOGIN_ATTEMPTS = 10;

/** Where the failed sign-ins of one client address are counted: `<prefix>:dashboard:login-attempts:<address>`. */
export function loginAttemptsKeyPrefix(prefix: string): string {
  return `${prefix}:dashboard:login-attempts:`;
}

/**
 * The sign-in limiter (express-rate-limit), counting in Redis (rate-limit-redis over the dashboard's commands
 * connection) so that the limit holds across every replica of the dashboard: a brute force spread over the replicas
 * behind a load balancer meets one count, not one per replica.
 */
export function createLoginLimiter(redis: RedisClient, prefix: string, logger: Logger): RequestHandler {
  return rateLimit({
    windowMs: LOGIN_WINDOW_MS,
    limit: LOGIN_ATTEMPTS,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new RedisStore({
      prefix: loginAttemptsKeyPrefix(prefix),
      sendCommand: (command: string, ...args: string[]) =>
        redis.call(command, ...args) as Promise<RedisReply>,
    }),
    logger: {
      error: (error: unknown, message?: string) => logger.error(message ?? 'login limiter failed', { error }),
      warn: (error: unknown, message?: string) => logger.warn(message ?? 'login limiter warning', { error }),
    },
    handler: (req: Request, res: Response) => {
      logger.warn('login rate limit reached', { client: req.ip });
      res.status(429).type('text/plain').send('Too many sign-in attempts. Try again later.');
    },
  });
}
