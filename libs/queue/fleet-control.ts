import type { FleetQueues } from './fleet-queues.js';

/**
 * Pausing the fleet pauses every queue in Redis (BullMQ keeps the flag in the queue's meta key), so it survives
 * restarts of every process: no new run starts and no worker takes an entity job until it is resumed.
 */
export class FleetControl {
  constructor(private readonly queues: FleetQueues) {}

  async pause(): Promise<void> {
    await Promise.all(this.queues.all().map((q) => q.pause()));
  }

  async resume(): Promise<void> {
    await Promise.all(this.queues.all().map((q) => q.resume()));
  }

  async isPaused(): Promise<boolean> {
    const states = await Promise.all(this.queues.all().map((q) => q.isPaused()));
    return states.some(Boolean);
  }
}
