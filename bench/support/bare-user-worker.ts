/**
 * The baseline of the worker-throughput benchmark, run as its own process: plain BullMQ Workers whose processor
 * makes the same HTTP call the fleet's worker makes for a user create (POST /api/users with the job's payload)
 * with fetch, and nothing else. Configured by BARE_WORKER (JSON); stops on SIGTERM.
 */
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { EntityJobData } from '../../libs/queue/job-types.js';

export interface BareWorkerConfig {
  redisUrl: string;
  prefix: string;
  queue: string;
  concurrency: number;
  lockMs: number;
  baseUrl: string;
  token: string;
  fqdn: string;
}

const config = JSON.parse(process.env.BARE_WORKER ?? '{}') as BareWorkerConfig;
const headers = {
  Authorization: `Bearer ${config.token}`,
  Fqdn: config.fqdn,
  Accept: 'application/json',
  'Content-Type': 'application/json',
};

async function createUser(job: Job<EntityJobData>): Promise<unknown> {
  const response = await fetch(`${config.baseUrl}/api/users`, {
    method: 'POST',
    headers,
    body: JSON.stringify(job.data.change.payload),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`status ${response.status}`);
  return JSON.parse(text) as unknown;
}

const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
const worker = new Worker(config.queue, createUser, {
  connection,
  prefix: config.prefix,
  concurrency: config.concurrency,
  lockDuration: config.lockMs,
  stalledInterval: Math.max(1_000, Math.floor(config.lockMs / 2)),
});
worker.on('error', (err) => process.stderr.write(`bare worker: ${err.message}\n`));
process.once('SIGTERM', () => {
  void worker
    .close()
    .then(() => connection.quit())
    .finally(() => process.exit(0));
});
