/**
 * Writes validated records into DuckDB: a staging table filled through the appender in
 * 2048-row data chunks, then one set-based statement that keeps the first occurrence of each
 * key, lists every duplicate (within the file and against what is already stored) and inserts
 * the rest. Re-ingesting a file therefore adds nothing.
 * @module
 */
import { parseDayNumber } from "@creditclass/core";
import type { DuckDBAppender, DuckDBType, DuckDBVector } from "@duckdb/node-api";
import { DATE, DOUBLE, DuckDBDataChunk, DuckDBDateValue, INTEGER, VARCHAR } from "@duckdb/node-api";
import type { CreditDatabase } from "./database.js";
import type { RecordTypes } from "./record-validation.js";
import type { RecordKind, RegulatoryEvent } from "./schemas.js";

type Cell = string | number | undefined;
interface ColumnDef<R> {
  readonly name: string;
  readonly type: DuckDBType;
  readonly get: (record: R) => Cell;
}

const ev = (get: (e: RegulatoryEvent) => Cell): ((e: RegulatoryEvent) => Cell) => get;
/** The event's kind-specific code: changed field, severity, list reason, inspection result, channel. */
function detailOf(e: RegulatoryEvent): string | undefined {
  switch (e.kind) {
    case "change":
      return e.field;
    case "penalty":
      return e.severity;
    case "inspection":
      return e.result;
    case "complaint":
      return e.channel;
    case "abnormal_entry":
    case "abnormal_removal":
    case "serious_entry":
    case "serious_removal":
      return e.reason;
    default:
      return undefined;
  }
}

const COLUMNS: { readonly [K in RecordKind]: readonly ColumnDef<RecordTypes[K]>[] } = {
  enterprises: [
    { name: "uscc", type: VARCHAR, get: (r) => r.uscc },
    { name: "name", type: VARCHAR, get: (r) => r.name },
    { name: "entity_type", type: VARCHAR, get: (r) => r.entity_type },
    { name: "region", type: VARCHAR, get: (r) => r.region },
    { name: "industry", type: VARCHAR, get: (r) => r.industry },
    { name: "established", type: DATE, get: (r) => r.established },
    { name: "registered_capital", type: DOUBLE, get: (r) => r.registered_capital },
    { name: "status", type: VARCHAR, get: (r) => r.status },
    { name: "address", type: VARCHAR, get: (r) => r.address },
    { name: "tags", type: VARCHAR, get: (r) => r.tags },
    { name: "recorded", type: DATE, get: (r) => r.recorded },
  ],
  relations: [
    { name: "source_id", type: VARCHAR, get: (r) => r.source_id },
    { name: "uscc", type: VARCHAR, get: (r) => r.uscc },
    { name: "party", type: VARCHAR, get: (r) => r.party },
    { name: "party_type", type: VARCHAR, get: (r) => r.party_type },
    { name: "role", type: VARCHAR, get: (r) => r.role },
    { name: "since", type: DATE, get: (r) => r.since },
    { name: "recorded", type: DATE, get: (r) => r.recorded },
  ],
  events: [
    { name: "source_id", type: VARCHAR, get: ev((e) => e.source_id) },
    { name: "kind", type: VARCHAR, get: ev((e) => e.kind) },
    { name: "uscc", type: VARCHAR, get: ev((e) => e.uscc) },
    { name: "date", type: DATE, get: ev((e) => e.date) },
    { name: "recorded", type: DATE, get: ev((e) => e.recorded) },
    { name: "detail", type: VARCHAR, get: detailOf },
    { name: "amount", type: DOUBLE, get: ev((e) => (e.kind === "penalty" || e.kind === "pledge" ? e.amount : undefined)) },
    { name: "report_year", type: INTEGER, get: ev((e) => (e.kind === "annual_report" ? e.report_year : undefined)) },
    { name: "flags", type: VARCHAR, get: ev((e) => (e.kind === "annual_report" ? e.flags : undefined)) },
    { name: "published", type: DATE, get: ev((e) => (e.kind === "penalty" ? e.published : undefined)) },
    { name: "authority", type: VARCHAR, get: ev((e) => (e.kind === "penalty" ? e.authority : undefined)) },
    { name: "case_id", type: VARCHAR, get: ev((e) => (e.kind === "penalty" ? e.case_id : undefined)) },
    { name: "task_id", type: VARCHAR, get: ev((e) => (e.kind === "inspection" ? e.task_id : undefined)) },
    { name: "repairs", type: VARCHAR, get: ev((e) => (e.kind === "credit_repair" ? e.repairs : undefined)) },
  ],
};

/** The column that identifies a record of each kind: duplicates share it. */
export const RECORD_KEYS: Readonly<Record<RecordKind, string>> = { enterprises: "uscc", relations: "source_id", events: "source_id" };

const CHUNK = 2048;

/** Counts after a staged batch is merged. */
export interface MergeResult {
  readonly accepted: number;
  readonly duplicates: number;
}

/**
 * Stages validated records of one kind and merges them into their table.
 *
 * @example
 * const writer = await RecordWriter.open(db, "events", runId);
 * writer.add(event, "events.csv", 12);
 * const { accepted, duplicates } = await writer.merge();
 * @category Storage
 */
export class RecordWriter<K extends RecordKind> {
  readonly #db: CreditDatabase;
  readonly #kind: K;
  readonly #runId: number;
  readonly #stage: string;
  readonly #columns: readonly ColumnDef<RecordTypes[K]>[];
  readonly #appender: DuckDBAppender;
  readonly #chunk: DuckDBDataChunk;
  #vectors: DuckDBVector[] = [];
  #rows = 0;

  private constructor(db: CreditDatabase, kind: K, runId: number, stage: string, appender: DuckDBAppender) {
    this.#db = db;
    this.#kind = kind;
    this.#runId = runId;
    this.#stage = stage;
    this.#columns = COLUMNS[kind] as readonly ColumnDef<RecordTypes[K]>[];
    this.#appender = appender;
    this.#chunk = DuckDBDataChunk.create([...this.#columns.map((c) => c.type), VARCHAR, INTEGER]);
    this.#resetVectors();
  }

  /** Creates the staging table and its appender. */
  static async open<K extends RecordKind>(db: CreditDatabase, kind: K, runId: number): Promise<RecordWriter<K>> {
    const stage = `stage_${kind}`;
    await db.run(`CREATE OR REPLACE TEMP TABLE ${stage} AS SELECT * FROM ${kind} LIMIT 0`);
    const appender = await db.connection.createAppender(stage);
    return new RecordWriter(db, kind, runId, stage, appender);
  }

  /** Adds one validated record, with where it came from. */
  add(record: RecordTypes[K], file: string, line: number): void {
    const row = this.#rows;
    const vectors = this.#vectors;
    const columns = this.#columns;
    for (let c = 0; c < columns.length; c++) {
      const def = columns[c] as ColumnDef<RecordTypes[K]>;
      const value = def.get(record);
      const vector = vectors[c] as DuckDBVector;
      if (value === undefined) vector.setItem(row, null);
      else if (def.type === DATE) vector.setItem(row, new DuckDBDateValue(parseDayNumber(value as string)));
      else vector.setItem(row, value);
    }
    (vectors[columns.length] as DuckDBVector).setItem(row, file);
    (vectors[columns.length + 1] as DuckDBVector).setItem(row, line);
    this.#rows = row + 1;
    if (this.#rows === CHUNK) this.#flush();
  }

  /**
   * Moves the staged records into the table: the first occurrence of each key that is not
   * stored yet is inserted; every other one is written to `duplicates` with the reason.
   */
  async merge(): Promise<MergeResult> {
    this.#flush();
    this.#appender.closeSync();
    const key = RECORD_KEYS[this.#kind];
    const names = [...this.#columns.map((c) => c.name), "source_file", "source_line"].join(", ");
    await this.#db.run(`CREATE OR REPLACE TEMP TABLE ranked AS
      SELECT s.*, row_number() OVER (PARTITION BY s.${key} ORDER BY s.source_file, s.source_line) AS rn,
             first_value(s.source_line) OVER (PARTITION BY s.${key} ORDER BY s.source_file, s.source_line) AS first_line,
             t.${key} IS NOT NULL AS stored
      FROM ${this.#stage} s LEFT JOIN (SELECT DISTINCT ${key} FROM ${this.#kind}) t ON s.${key} = t.${key}`);
    await this.#db.run(
      `INSERT INTO duplicates SELECT ?, ?, source_file, source_line, ${key},
         CASE WHEN stored THEN 'already stored' ELSE 'same ${key} as line ' || first_line END FROM ranked WHERE rn > 1 OR stored`,
      [this.#runId, this.#kind],
    );
    await this.#db.run(`INSERT INTO ${this.#kind} SELECT ${names} FROM ranked WHERE rn = 1 AND NOT stored`);
    const [counts] = await this.#db.all(
      "SELECT count(*) FILTER (WHERE rn = 1 AND NOT stored) AS accepted, count(*) FILTER (WHERE rn > 1 OR stored) AS duplicates FROM ranked",
    );
    await this.#db.run(`DROP TABLE ranked; DROP TABLE ${this.#stage}`);
    return { accepted: Number(counts?.accepted ?? 0), duplicates: Number(counts?.duplicates ?? 0) };
  }

  #flush(): void {
    if (this.#rows === 0) return;
    this.#chunk.rowCount = this.#rows;
    for (const v of this.#vectors) v.flush();
    this.#appender.appendDataChunk(this.#chunk);
    this.#chunk.reset();
    this.#rows = 0;
    this.#resetVectors();
  }

  #resetVectors(): void {
    this.#chunk.rowCount = CHUNK;
    this.#vectors = Array.from({ length: this.#chunk.columnCount }, (_, i) => this.#chunk.getColumnVector(i));
  }
}
