import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { FleetLogLevel } from '../../../libs/platform/fleet-log-level.js';
import { createLogger, loggingOptions, setLogLevel, type LogLevel } from '../../../libs/platform/logger.js';
import { createRedisConnection } from '../../../libs/queue/index.js';
import { REDIS_URL } from '../../support/dashboard-harness.js';

/** A process's view of the fleet log level: the levels it applied, and a wait for the next one. */
class FollowingProcess {
  readonly applied: LogLevel[] = [];
  private waiting: ((level: LogLevel) => void) | null = null;
  readonly level: FleetLogLevel;

  constructor(redis: ReturnType<typeof createRedisConnection>, prefix: string, configured: LogLevel) {
    this.level = new FleetLogLevel(redis, prefix, configured, (level) => {
      this.applied.push(level);
      this.waiting?.(level);
      this.waiting = null;
    });
  }

  nextApplied(): Promise<LogLevel> {
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

describe('fleet log level at runtime (real Redis pub/sub)', () => {
  const redis = createRedisConnection(REDIS_URL);
  const levelBefore = loggingOptions().level as LogLevel;
  let prefix: string;
  let followers: FollowingProcess[];

  beforeEach(() => {
    prefix = `test-loglevel-${randomBytes(5).toString('hex')}`;
    followers = [];
  });
  afterEach(async () => {
    for (const f of followers) await f.level.close();
    await redis.del(`${prefix}:log-level`);
  });
  after(async () => {
    setLogLevel(levelBefore);
    await redis.quit();
  });

  async function process(configured: LogLevel): Promise<FollowingProcess> {
    const follower = new FollowingProcess(redis, prefix, configured);
    followers.push(follower);
    await follower.level.follow();
    return follower;
  }

  it('reaches every running process without a restart, and goes back to each one’s LOG_LEVEL', async () => {
    const producer = await process('info');
    const worker = await process('warn');
    expect(producer.level.effective()).to.deep.equal({ level: 'info', source: 'LOG_LEVEL' });
    expect(worker.level.effective()).to.deep.equal({ level: 'warn', source: 'LOG_LEVEL' });

    const changed = [producer.nextApplied(), worker.nextApplied()];
    expect(await producer.level.publish('debug'), 'both processes listen').to.equal(2);
    expect(await Promise.all(changed)).to.deep.equal(['debug', 'debug']);
    expect(worker.level.effective()).to.deep.equal({ level: 'debug', source: 'dashboard' });

    const reset = [producer.nextApplied(), worker.nextApplied()];
    await worker.level.publish(null);
    expect(await Promise.all(reset)).to.deep.equal(['info', 'warn']);
    expect(await producer.level.override()).to.equal(null);
  });

  it('applies the level set for the fleet to a process that starts later', async () => {
    const first = await process('info');
    await first.level.publish('verbose');
    const late = await process('info');
    expect(late.level.effective()).to.deep.equal({ level: 'verbose', source: 'dashboard' });
    expect(late.applied).to.deep.equal(['verbose']);
  });

  it('sets the level of this process’s winston loggers (setLogLevel, what a process applies by default)', async () => {
    let arrived: () => void = () => undefined;
    const own = new FleetLogLevel(redis, prefix, 'info', (level) => {
      setLogLevel(level);
      arrived();
    });
    const logger = createLogger('log-level-test');
    try {
      await own.follow();
      expect(logger.isDebugEnabled()).to.equal(false);
      const changed = new Promise<void>((resolve) => (arrived = resolve));
      await own.publish('debug');
      await changed;
      expect(logger.isDebugEnabled()).to.equal(true);
    } finally {
      await own.close();
    }
  });
});
