/**
 * Writes validated records into DuckDB: a staging table filled through the appender in
 * 2048-row data chunks, then one set-based statement that keeps the first occurrence of each
 * key, lists every duplicate (within the file and against what is already stored) and inserts
 * the rest. Re-ingesting a file therefore adds nothing.
 * @module
 */
import { parseDayNumber } from "@creditclass/core";
import type { CreditDatabase } from "@creditclass/store";
import type { DuckDBAppender, DuckDBType, DuckDBVector } from "@duckdb/node-api";
import { DATE, DOUBLE, DuckDBDataChunk, DuckDBDateValue, INTEGER, VARCHAR } from "@duckdb/node-api";
import type { RecordTypes } from "./record-validation.js";
import type { RecordKind, RegulatoryEvent } from "./schemas.js";

type Cell = string | number | undefined;
interface ColumnDef<R> {
  readonly name: string;
  readonly type: DuckDBType;
  /** The stored value of a validated record. */
  readonly get: (record: R) => Cell;
  /** The same value in SQL over the raw text columns of a canonical row (see bulk-csv.ts). */
  readonly sql: string;
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
    { name: "uscc", type: VARCHAR, get: (r) => r.uscc, sql: `"uscc"` },
    { name: "name", type: VARCHAR, get: (r) => r.name, sql: `"name"` },
    { name: "entity_type", type: VARCHAR, get: (r) => r.entity_type, sql: `"entity_type"` },
    { name: "region", type: VARCHAR, get: (r) => r.region, sql: `"region"` },
    { name: "industry", type: VARCHAR, get: (r) => r.industry, sql: `"industry"` },
    { name: "established", type: DATE, get: (r) => r.established, sql: `TRY_CAST("established" AS DATE)` },
    { name: "registered_capital", type: DOUBLE, get: (r) => r.registered_capital, sql: `TRY_CAST("registered_capital" AS DOUBLE)` },
    { name: "status", type: VARCHAR, get: (r) => r.status, sql: `"status"` },
    { name: "address", type: VARCHAR, get: (r) => r.address, sql: `"address"` },
    { name: "tags", type: VARCHAR, get: (r) => r.tags, sql: `"tags"` },
    { name: "recorded", type: DATE, get: (r) => r.recorded, sql: `TRY_CAST("recorded" AS DATE)` },
  ],
  relations: [
    { name: "source_id", type: VARCHAR, get: (r) => r.source_id, sql: `"source_id"` },
    { name: "uscc", type: VARCHAR, get: (r) => r.uscc, sql: `"uscc"` },
    { name: "party", type: VARCHAR, get: (r) => r.party, sql: `"party"` },
    { name: "party_type", type: VARCHAR, get: (r) => r.party_type, sql: `"party_type"` },
    { name: "role", type: VARCHAR, get: (r) => r.role, sql: `"role"` },
    { name: "since", type: DATE, get: (r) => r.since, sql: `TRY_CAST("since" AS DATE)` },
    { name: "recorded", type: DATE, get: (r) => r.recorded, sql: `TRY_CAST("recorded" AS DATE)` },
  ],
  events: [
    { name: "source_id", type: VARCHAR, get: ev((e) => e.source_id), sql: `"source_id"` },
    { name: "kind", type: VARCHAR, get: ev((e) => e.kind), sql: `"kind"` },
    { name: "uscc", type: VARCHAR, get: ev((e) => e.uscc), sql: `"uscc"` },
    { name: "date", type: DATE, get: ev((e) => e.date), sql: `TRY_CAST("date" AS DATE)` },
    { name: "recorded", type: DATE, get: ev((e) => e.recorded), sql: `TRY_CAST("recorded" AS DATE)` },
    {
      name: "detail",
      type: VARCHAR,
      get: detailOf,
      sql: `CASE "kind" WHEN 'change' THEN "field" WHEN 'penalty' THEN "severity" WHEN 'inspection' THEN "result" WHEN 'complaint' THEN "channel" WHEN 'abnormal_entry' THEN "reason" WHEN 'abnormal_removal' THEN "reason" WHEN 'serious_entry' THEN "reason" WHEN 'serious_removal' THEN "reason" END`,
    },
    {
      name: "amount",
      type: DOUBLE,
      get: ev((e) => (e.kind === "penalty" || e.kind === "pledge" ? e.amount : undefined)),
      sql: `CASE WHEN "kind" IN ('penalty', 'pledge') THEN TRY_CAST("amount" AS DOUBLE) END`,
    },
    {
      name: "report_year",
      type: INTEGER,
      get: ev((e) => (e.kind === "annual_report" ? e.report_year : undefined)),
      sql: `CASE WHEN "kind" = 'annual_report' THEN TRY_CAST("report_year" AS INTEGER) END`,
    },
    {
      name: "flags",
      type: VARCHAR,
      get: ev((e) => (e.kind === "annual_report" ? e.flags : undefined)),
      sql: `CASE WHEN "kind" = 'annual_report' THEN "flags" END`,
    },
    {
      name: "published",
      type: DATE,
      get: ev((e) => (e.kind === "penalty" ? e.published : undefined)),
      sql: `CASE WHEN "kind" = 'penalty' THEN TRY_CAST("published" AS DATE) END`,
    },
    {
      name: "authority",
      type: VARCHAR,
      get: ev((e) => (e.kind === "penalty" ? e.authority : undefined)),
      sql: `CASE WHEN "kind" = 'penalty' THEN "authority" END`,
    },
    { name: "case_id", type: VARCHAR, get: ev((e) => (e.kind === "penalty" ? e.case_id : undefined)), sql: `CASE WHEN "kind" = 'penalty' THEN "case_id" END` },
    {
      name: "task_id",
      type: VARCHAR,
      get: ev((e) => (e.kind === "inspection" ? e.task_id : undefined)),
      sql: `CASE WHEN "kind" = 'inspection' THEN "task_id" END`,
    },
    {
      name: "repairs",
      type: VARCHAR,
      get: ev((e) => (e.kind === "credit_repair" ? e.repairs : undefined)),
      sql: `CASE WHEN "kind" = 'credit_repair' THEN "repairs" END`,
    },
  ],
};

/**
 * The SQL that turns a canonical raw row (text columns named as in the files) into the stored
 * columns, in table order: the bulk path's mirror of the getters above.
 *
 * @param kind - Record kind.
 * @param present - The columns the file has; others read as NULL.
 * @returns A select list.
 * @example
 * storedColumnsSql("relations", new Set(["source_id", …])) //=> '"source_id" AS source_id, …'
 */
export function storedColumnsSql(kind: RecordKind, present: ReadonlySet<string>): string {
  return COLUMNS[kind].map((c) => `${withMissingAsNull(c.sql, present)} AS ${c.name}`).join(", ");
}

/** Replaces references to columns the file lacks by NULL. */
export function withMissingAsNull(sql: string, present: ReadonlySet<string>): string {
  return sql.replace(/"(\w+)"/g, (whole, name: string) => (present.has(name) ? whole : "NULL::VARCHAR"));
}

/** The column that identifies a record of each kind: duplicates share it. */
export const RECORD_KEYS: Readonly<Record<RecordKind, string>> = { enterprises: "uscc", relations: "source_id", events: "source_id" };

const CHUNK = 2048;

/** Counts after a staged batch is merged. */
export interface MergeResult {
  readonly accepted: number;
  readonly duplicates: number;
  /** The same counts per file (as records name it: `file` or `file.xlsx!sheet`). */
  readonly byFile: ReadonlyMap<string, { readonly accepted: number; readonly duplicates: number }>;
}

/** A table of rows a bulk path converted in SQL, and the file they came from. */
export interface BulkTable {
  readonly table: string;
  readonly file: string;
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
  #quarantined = 0;
  readonly #quarantinedByFile = new Map<string, number>();

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
   * Duplicates are found on a narrow (key, line) projection, so the wide rows are written once.
   *
   * @param bulk - Tables of rows converted in SQL by a bulk CSV path (stored columns in table
   *   order, plus `ok`; the line of a row is 2 + its rowid counted from the table's first row — inside a
   *   transaction uncommitted row ids start near 2^62), each with the file it came from. Several
   *   tables (several files of one kind, as a source mapping reads them) are merged at once.
   */
  async merge(bulk?: BulkTable | readonly BulkTable[]): Promise<MergeResult> {
    const bulks: readonly BulkTable[] = bulk === undefined ? [] : "table" in bulk ? [bulk as BulkTable] : (bulk as readonly BulkTable[]);
    this.#flush();
    this.#appender.closeSync();
    if (this.#kind === "events") await this.#quarantineEarlyEvents(bulks);
    const key = RECORD_KEYS[this.#kind];
    const names = this.#columns.map((c) => c.name).join(", ");
    const line = (table: string): string => `(rowid - (SELECT min(rowid) FROM ${table}) + 2)::INTEGER`;
    const bulkKeys = bulks
      .map((b, i) => ` UNION ALL SELECT 'b${i}' AS src, rowid AS rid, ${key} AS k, ? AS file, ${line(b.table)} AS line FROM ${b.table} WHERE ok`)
      .join("");
    await this.#db.run(
      `CREATE OR REPLACE TEMP TABLE dropped AS
       SELECT src, rid, k, file, line, CASE WHEN stored THEN 'already stored' ELSE 'same ${key} as line ' || first_line END AS reason
       FROM (SELECT *, row_number() OVER (PARTITION BY k ORDER BY file, line) AS rn, min(line) OVER (PARTITION BY k, file) AS first_line,
                    k IN (SELECT ${key} FROM ${this.#kind}) AS stored
             FROM (SELECT 's' AS src, rowid AS rid, ${key} AS k, source_file AS file, source_line AS line FROM ${this.#stage}${bulkKeys}))
       WHERE rn > 1 OR stored`,
      bulks.map((b) => b.file),
    );
    await this.#db.run("INSERT INTO duplicates SELECT ?, ?, file, line, k, reason FROM dropped", [this.#runId, this.#kind]);
    await this.#db.run(
      `INSERT INTO ${this.#kind} SELECT ${names}, source_file, source_line FROM ${this.#stage} WHERE rowid NOT IN (SELECT rid FROM dropped WHERE src = 's')`,
    );
    for (const [i, b] of bulks.entries()) {
      await this.#db.run(
        `INSERT INTO ${this.#kind} SELECT ${names}, ? AS source_file, ${line(b.table)} AS source_line FROM ${b.table} WHERE ok AND rowid NOT IN (SELECT rid FROM dropped WHERE src = 'b${i}')`,
        [b.file],
      );
    }
    // Per file: records kept (staged or bulk rows still ok) and duplicates; accepted = kept − duplicates.
    const kept = [
      `SELECT source_file AS file, count(*) AS n FROM ${this.#stage} GROUP BY source_file`,
      ...bulks.map((b) => `SELECT ? AS file, count(*) AS n FROM ${b.table} WHERE ok`),
    ];
    const perFile = await this.#db.all(
      `SELECT k.file, sum(k.n) AS kept, coalesce(any_value(d.n), 0) AS dropped
       FROM (${kept.join(" UNION ALL ")}) k LEFT JOIN (SELECT file, count(*) AS n FROM dropped GROUP BY file) d ON d.file = k.file GROUP BY k.file`,
      bulks.map((b) => b.file),
    );
    await this.#db.run(`DROP TABLE dropped; DROP TABLE ${this.#stage}`);
    const byFile = new Map<string, { accepted: number; duplicates: number }>();
    let total = 0;
    let duplicates = 0;
    for (const r of perFile) {
      const n = Number(r.kept ?? 0);
      const d = Number(r.dropped ?? 0);
      total += n;
      duplicates += d;
      const before = byFile.get(String(r.file)) ?? { accepted: 0, duplicates: 0 };
      byFile.set(String(r.file), { accepted: before.accepted + n - d, duplicates: before.duplicates + d });
    }
    return { accepted: total - duplicates, duplicates, byFile };
  }

  /**
   * Records quarantined by the merge itself rather than by validation: events dated before their
   * enterprise was established (a rule across records, so only checkable against the register).
   */
  get quarantined(): number {
    return this.#quarantined;
  }

  /** {@link RecordWriter.quarantined} by file. */
  get quarantinedByFile(): ReadonlyMap<string, number> {
    return this.#quarantinedByFile;
  }

  /** Moves staged events dated before their enterprise's establishment to the quarantine. */
  async #quarantineEarlyEvents(bulks: readonly BulkTable[]): Promise<void> {
    const select = (src: string, table: string, file: string, line: string, where: string): string =>
      `SELECT '${src}' AS src, s.rowid AS rid, ${file} AS file, ${line} AS line, strftime(s.date, '%Y-%m-%d') AS date,
         strftime(r.established, '%Y-%m-%d') AS established, s.source_id AS source_id
       FROM ${table} s JOIN enterprises r ON r.uscc = s.uscc WHERE s.date < r.established${where}`;
    const bulkRows = bulks
      .map((b, i) => ` UNION ALL ${select(`b${i}`, b.table, "?", `(s.rowid - (SELECT min(rowid) FROM ${b.table}) + 2)::INTEGER`, " AND s.ok")}`)
      .join("");
    await this.#db.run(
      `CREATE OR REPLACE TEMP TABLE early AS ${select("s", this.#stage, "s.source_file", "s.source_line", "")}${bulkRows}`,
      bulks.map((b) => b.file),
    );
    await this.#db.run(
      `INSERT INTO quarantine SELECT ?, 'events', file, line, 'date', date, 'impossible_date',
         'date ' || date || ' is before the enterprise was established (' || established || ')', 'source_id ' || source_id FROM early`,
      [this.#runId],
    );
    await this.#db.run(`DELETE FROM ${this.#stage} WHERE rowid IN (SELECT rid FROM early WHERE src = 's')`);
    for (const [i, b] of bulks.entries()) await this.#db.run(`UPDATE ${b.table} SET ok = false WHERE rowid IN (SELECT rid FROM early WHERE src = 'b${i}')`);
    for (const row of await this.#db.all("SELECT file, count(*) AS n FROM early GROUP BY file")) {
      const n = Number(row.n ?? 0);
      this.#quarantined += n;
      this.#quarantinedByFile.set(String(row.file), (this.#quarantinedByFile.get(String(row.file)) ?? 0) + n);
    }
    await this.#db.run("DROP TABLE early");
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
