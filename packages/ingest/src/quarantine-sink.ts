/**
 * The quarantine: every rejected record kept with its file, line, field, value and reason. Text
 * copied from the input is capped at {@link QUARANTINE_TEXT_LIMIT} characters, so one hostile
 * record cannot flood the table or its exports; spreadsheet formulas are neutralised where the
 * quarantine is written as CSV (`csvField`), not in the table, which keeps the text as read.
 * @module
 */
import type { Issue } from "@creditclass/core";
import type { CreditDatabase } from "@creditclass/store";
import type { DuckDBAppender } from "@duckdb/node-api";
import type { RecordKind } from "./schemas.js";

/**
 * The most characters of one field name, value, reason or raw record copied into the quarantine
 * (1 KiB of text).
 *
 * @example
 * QUARANTINE_TEXT_LIMIT //=> 1024
 * @category Quarantine
 */
export const QUARANTINE_TEXT_LIMIT = 1024;

/**
 * Text as the quarantine keeps it: whole up to {@link QUARANTINE_TEXT_LIMIT} characters; longer
 * text is cut there (never inside a surrogate pair) and marked with its original length.
 *
 * @param text - A field name, value, reason or raw record from the input.
 * @returns The text, or its first 1,024 characters followed by `…[truncated, N characters]`.
 * @example
 * quarantineText("x".repeat(50_000)) //=> "xxx…x…[truncated, 50000 characters]" (1,024 x's)
 * quarantineText("short") //=> "short"
 * @category Quarantine
 */
export function quarantineText(text: string): string {
  if (text.length <= QUARANTINE_TEXT_LIMIT) return text;
  const last = text.charCodeAt(QUARANTINE_TEXT_LIMIT - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? QUARANTINE_TEXT_LIMIT - 1 : QUARANTINE_TEXT_LIMIT;
  return `${text.slice(0, end)}…[truncated, ${text.length} characters]`;
}

/** An issue's value as text: strings as they are, other values as JSON where JSON can write them. */
function valueText(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // A bigint, or a cycle.
    return String(value);
  }
}

/**
 * Appends rejected records to the `quarantine` table: one row per issue, with file, line,
 * field, value and reason; `records` counts the records. The field name, value, reason and raw
 * record are each capped by {@link quarantineText}.
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
    const record = quarantineText(text);
    for (const issue of issues) {
      const a = this.#appender;
      a.appendInteger(this.#runId);
      a.appendVarchar(this.#kind);
      a.appendVarchar(this.#file);
      a.appendInteger(line);
      if (issue.field === undefined) a.appendNull();
      else a.appendVarchar(quarantineText(issue.field));
      if (issue.value === undefined) a.appendNull();
      else a.appendVarchar(quarantineText(valueText(issue.value)));
      a.appendVarchar(issue.code);
      a.appendVarchar(quarantineText(issue.message));
      a.appendVarchar(record);
      a.endRow();
    }
  }
  /** Closes the appender of a run that is being rolled back: its rows are discarded with the transaction. */
  abandon(): void {
    if (this.#closed) return;
    this.#closed = true;
    // Drop the buffered rows first: an appender flushes what it holds when it closes.
    this.#appender.clear();
    try {
      this.#appender.closeSync();
    } catch {
      // The transaction is aborted: nothing is left to flush, and the rollback discards the rest.
    }
  }

  /** Flushes and closes the appender. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#appender.closeSync();
  }
}
