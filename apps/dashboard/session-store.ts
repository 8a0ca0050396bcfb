import session from 'express-session';
import type { RedisClient } from '../../libs/platform/redis-client.js';

/** The session cookie's name. */
export const SESSION_COOKIE = 'fleet.sid';

const DEFAULT_TTL_SECONDS = 8 * 3600;

/**
 * express-session's store over the fleet's Redis: one JSON string per session, expiring with its cookie. Sessions
 * survive a restart of the dashboard, are shared by its replicas, and a logout really ends them (a signed
 * stateless cookie could not be revoked).
 */
export class RedisSessionStore extends session.Store {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {
    super();
  }

  private key(sid: string): string {
    return `${this.prefix}:dashboard:session:${sid}`;
  }

  private ttlSeconds(sess: session.SessionData): number {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : NaN;
    const ms = Number.isFinite(expires) ? expires - Date.now() : DEFAULT_TTL_SECONDS * 1000;
    return Math.max(1, Math.ceil(ms / 1000));
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    this.redis.get(this.key(sid)).then(
      (raw) => callback(null, raw ? (JSON.parse(raw) as session.SessionData) : null),
      (err: unknown) => callback(err),
    );
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    this.redis.set(this.key(sid), JSON.stringify(sess), 'EX', this.ttlSeconds(sess)).then(
      () => callback?.(),
      (err: unknown) => callback?.(err),
    );
  }

  override touch(sid: string, sess: session.SessionData, callback?: () => void): void {
    this.redis.expire(this.key(sid), this.ttlSeconds(sess)).then(
      () => callback?.(),
      () => callback?.(),
    );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.redis.del(this.key(sid)).then(
      () => callback?.(),
      (err: unknown) => callback?.(err),
    );
  }
}
