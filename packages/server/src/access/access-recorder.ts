/**
 * The access log as the server writes it: entries buffered for a moment and appended in one
 * transaction on their own connection, so 5,000 lookups a second do not mean 5,000 commits, and
 * a month run's transaction is never shared.
 * @module
 */
import type { AccessEntry, CreditDatabase } from "@creditclass/store";
import { appendAccessLog } from "@creditclass/store";

/** Buffers entries and writes them every `flushMs`, before auditor reads and at close. */
export class AccessRecorder {
  private pending: AccessEntry[] = [];
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  /**
   * @param db - A session of its own (see `CreditDatabase.session`).
   * @param flushMs - Longest time an entry waits in memory.
   */
  constructor(
    private readonly db: CreditDatabase,
    flushMs: number,
  ) {
    this.timer = setInterval(() => {
      this.flush().catch((e: unknown) => process.stderr.write(`creditclass serve: access log not written: ${e instanceof Error ? e.message : String(e)}\n`));
    }, flushMs);
    this.timer.unref();
  }

  /** Records one request. */
  record(entry: AccessEntry): void {
    this.pending.push(entry);
  }

  /** Writes what is buffered; resolves when it (and every earlier write) is stored. */
  flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    // A failed write does not stop later ones (its error reaches whoever awaited it).
    this.writing = this.writing.catch(() => undefined).then(() => appendAccessLog(this.db, batch));
    return this.writing;
  }

  /** Stops the timer and writes the rest. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
