interface Waiter {
  resolve(head: boolean): void;
}

/**
 * The callers of one process waiting for the shared budget. While slots are free, callers ask Redis side by
 * side. Once Redis says "wait", one caller becomes the head: it sleeps and asks for everyone while the others
 * line up, so a freed slot costs one Redis call per process instead of one per waiting caller. When the head
 * gets its slot it lets the whole line ask if more slots are free, else it hands the headship to the next.
 */
export class WaitingLine {
  private headTaken = false;
  private readonly line: Waiter[] = [];

  /** Resolves when the caller may ask Redis: `true` if it was made the head, `false` if it asks as one of many. */
  turn(signal?: AbortSignal): Promise<boolean> {
    if (!this.headTaken) return Promise.resolve(false);
    signal?.throwIfAborted();
    return new Promise<boolean>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (head) => {
          signal?.removeEventListener('abort', abort);
          resolve(head);
        },
      };
      const abort = (): void => {
        const index = this.line.indexOf(waiter);
        if (index >= 0) this.line.splice(index, 1);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', abort, { once: true });
      this.line.push(waiter);
    });
  }

  /** Claims the headship after Redis said "wait"; false when another caller holds it (then line up). */
  becomeHead(): boolean {
    if (this.headTaken) return false;
    this.headTaken = true;
    return true;
  }

  /** The head leaves (with a slot, or aborted). `slotsFree`: Redis had more slots free just now. */
  headDone(slotsFree: boolean): void {
    if (slotsFree) {
      this.headTaken = false;
      for (const waiter of this.line.splice(0)) waiter.resolve(false);
      return;
    }
    const next = this.line.shift();
    if (next) next.resolve(true);
    else this.headTaken = false;
  }
}
