import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from '../../platform/logger.js';
import type { OpsHandler } from '../request.js';
import { errorResponse, ok } from '../response.js';
import { withPermission } from './with-permission.js';

export interface FleetLogLevelSetting {
  /** The level an operator set for every process; null when each runs at its LOG_LEVEL. */
  override: LogLevel | null;
  levels: readonly LogLevel[];
}

/** The fleet's runtime log level. */
export const getLogLevel: OpsHandler<FleetLogLevelSetting> = async (ctx) =>
  ok({ override: await ctx.logLevel.override(), levels: LOG_LEVELS });

const LevelBody = z.object({ level: z.enum([...LOG_LEVELS, 'configured']) });

export interface ChangedLogLevel {
  override: LogLevel | null;
  /** How many processes were listening when it was published. */
  processes: number;
}

/**
 * Sets every process's log level at runtime (`configured`: back to each process's LOG_LEVEL), through Redis: each
 * running process applies it at once and logs its new level; a process started later reads it at start.
 */
export const setLogLevel = withPermission('set-log-level', async (ctx, req) => {
  const parsed = LevelBody.safeParse(req.body);
  if (!parsed.success)
    return errorResponse(
      400,
      'invalid-request',
      `level must be one of ${LOG_LEVELS.join(', ')} or configured`,
    );
  const override = parsed.data.level === 'configured' ? null : parsed.data.level;
  const processes = await ctx.logLevel.publish(override);
  return ok<ChangedLogLevel>({ override, processes });
});
