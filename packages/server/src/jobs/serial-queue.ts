/**
 * One-at-a-time work on a connection: a DuckDB connection runs one statement at a time, and a
 * transaction must not interleave with another caller's statements.
 * @module
 */

/** Runs queued work in order, each after the previous settles. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private held = 0;

  /** Runs `work` after everything queued before it. */
  run<T>(work: () => Promise<T>): Promise<T> {
    this.held++;
    const next = this.tail.then(work, work).finally(() => {
      this.held--;
    });
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Whether work is queued or running. */
  get busy(): boolean {
    return this.held > 0;
  }
}
