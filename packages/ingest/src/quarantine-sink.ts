/**
 * The quarantine: every rejected record kept with its file, line, field, value and reason.
 * @module
 */
import type { Issue } from "@creditclass/core";
import type { DuckDBAppender } from "@duckdb/node-api";
import type { CreditDatabase } from "./database.js";
import type { RecordKind } from "./schemas.js";

/**
 * Appends rejected records to the `quarantine` table: one row per issue, with file, line,
 * field, value and reason; `records` counts the records.
 *
 * @example
 * const q = await QuarantineSink.open(db, runId, "events", "events.csv");
 * q.add(12, issues, rawLine); q.close();
 */
export class QuarantineSink {
  records = 0;
  #closed = false;
  readonly #appender: DuckDBAppender;
  readonly #runId: number;
  readonly #kind: RecordKind;
  readonly #file: string;
  private constructor(appender: DuckDBAppender, runId: number, kind: RecordKind, file: string) {
    this.#appender = appender;
    this.#runId = runId;
    this.#kind = kind;
    this.#file = file;
  }
  /** Opens an appender on the quarantine table. */
  static async open(db: CreditDatabase, runId: number, kind: RecordKind, file: string): Promise<QuarantineSink> {
    return new QuarantineSink(await db.connection.createAppender("quarantine"), runId, kind, file);
  }
  /** Keeps one rejected record with all its issues. */
  add(line: number, issues: readonly Issue[], text: string): void {
    this.records++;
    for (const issue of issues) {
      const a = this.#appender;
      a.appendInteger(this.#runId);
      a.appendVarchar(this.#kind);
      a.appendVarchar(this.#file);
      a.appendInteger(line);
      if (issue.field === undefined) a.appendNull();
      else a.appendVarchar(issue.field);
      if (issue.value === undefined) a.appendNull();
      else a.appendVarchar(typeof issue.value === "string" ? issue.value : JSON.stringify(issue.value));
      a.appendVarchar(issue.code);
      a.appendVarchar(issue.message);
      a.appendVarchar(text);
      a.endRow();
    }
  }
  /** Flushes and closes the appender. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#appender.closeSync();
  }
}
