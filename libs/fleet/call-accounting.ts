import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Attributes SafetyAmp calls to the run they were made for. Work done for a run executes inside `forRun`; the
 * SafetyAmp client's request hook calls `countCall`, which adds to that run's counter.
 */
export class CallAccounting {
  private readonly context = new AsyncLocalStorage<{ runId: string }>();

  constructor(private readonly addCalls: (runId: string, calls: number) => Promise<void>) {}

  forRun<T>(runId: string, work: () => Promise<T>): Promise<T> {
    return this.context.run({ runId }, work);
  }

  countCall(): void {
    const runId = this.context.getStore()?.runId;
    if (runId) void this.addCalls(runId, 1).catch(() => undefined);
  }
}
