/**
 * The prefix of every Redis key of the fleet, BullMQ's and ours: `{QUEUE_PREFIX}`. The braces are a Redis Cluster
 * hash tag, so every key lands in one slot and every multi-key Lua script and transaction stays legal on a
 * cluster; on a single Redis they are just two characters.
 */
export function redisKeyPrefix(queuePrefix: string): string {
  return `{${queuePrefix}}`;
}
