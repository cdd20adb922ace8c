/**
 * The embedded DuckDB database: opening, schema version and migrations.
 * @module
 */
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { totalmem } from "node:os";
import { CreditclassError } from "@creditclass/core";
import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { DuckDBInstance } from "@duckdb/node-api";
import { sealStoredMonths } from "../history/seal-month.js";
import { markIngestFinished, unfinishedIngest } from "./ingest-marker.js";

/** The schema version this code writes; older files are migrated on open. */
export const SCHEMA_VERSION = 3;

/**
 * Migrations by target version; each brings the schema from version − 1. Append only.
 * Version 1 is the initial schema (ingested records and their bookkeeping); version 2 adds the
 * results of every package, which earlier releases created on first use (hence IF NOT EXISTS);
 * version 3 adds the service's API tokens and access log and the chained seals of stored months.
 */
const MIGRATIONS: readonly (readonly string[])[] = [
  [],
  [
    `CREATE TABLE enterprises (uscc VARCHAR, name VARCHAR, entity_type VARCHAR, region VARCHAR, industry VARCHAR, established DATE,
      registered_capital DOUBLE, status VARCHAR, address VARCHAR, tags VARCHAR, recorded DATE, source_file VARCHAR, source_line INTEGER)`,
    `CREATE TABLE relations (source_id VARCHAR, uscc VARCHAR, party VARCHAR, party_type VARCHAR, role VARCHAR, since DATE, recorded DATE,
      source_file VARCHAR, source_line INTEGER)`,
    `CREATE TABLE events (source_id VARCHAR, kind VARCHAR, uscc VARCHAR, date DATE, recorded DATE, detail VARCHAR, amount DOUBLE,
      report_year INTEGER, flags VARCHAR, published DATE, authority VARCHAR, case_id VARCHAR, task_id VARCHAR, repairs VARCHAR,
      source_file VARCHAR, source_line INTEGER)`,
    `CREATE TABLE quarantine (run_id INTEGER, record_kind VARCHAR, file VARCHAR, line INTEGER, field VARCHAR, value VARCHAR,
      code VARCHAR, reason VARCHAR, record VARCHAR)`,
    "CREATE TABLE duplicates (run_id INTEGER, record_kind VARCHAR, file VARCHAR, line INTEGER, key VARCHAR, reason VARCHAR)",
    `CREATE TABLE ingest_files (run_id INTEGER, record_kind VARCHAR, file VARCHAR, encoding VARCHAR, sha256 VARCHAR, read BIGINT,
      accepted BIGINT, quarantined BIGINT, duplicates BIGINT, ingested_on VARCHAR)`,
    "CREATE VIEW orphan_events AS SELECT e.* FROM events e ANTI JOIN enterprises r ON e.uscc = r.uscc",
  ],
  [
    `CREATE TABLE IF NOT EXISTS classifications (period VARCHAR, uscc VARCHAR, class VARCHAR, score DOUBLE, probability DOUBLE,
      scored_class VARCHAR, previous_class VARCHAR, change INTEGER, model VARCHAR, override VARCHAR, reasons VARCHAR, missing INTEGER)`,
    `CREATE TABLE IF NOT EXISTS classification_runs (period VARCHAR PRIMARY KEY, model_set VARCHAR, model_hash VARCHAR,
      input_fingerprint VARCHAR, enterprises BIGINT, counts VARCHAR, cutoffs VARCHAR)`,
    `CREATE TABLE IF NOT EXISTS alerts (period VARCHAR, rule VARCHAR, uscc VARCHAR, day DATE, severity INTEGER, measure VARCHAR,
      evidence VARCHAR, rules_hash VARCHAR)`,
    "CREATE TABLE IF NOT EXISTS alert_disposals (alert_id VARCHAR, day DATE, recorded_by VARCHAR, action VARCHAR, resolved BOOLEAN)",
    `CREATE TABLE plans (period VARCHAR PRIMARY KEY, task_id VARCHAR, task_hash VARCHAR, seed VARCHAR, planned BIGINT, mandatory BIGINT,
      manifest_sha256 VARCHAR, selected_sha256 VARCHAR, task VARCHAR, audit VARCHAR)`,
    "CREATE TABLE plan_selections (period VARCHAR, uscc VARCHAR, class VARCHAR, stratum VARCHAR, probability DOUBLE, mandatory BOOLEAN)",
  ],
  [
    `CREATE TABLE api_tokens (id VARCHAR PRIMARY KEY, name VARCHAR, role VARCHAR, region VARCHAR, token_sha256 VARCHAR UNIQUE,
      created VARCHAR, revoked VARCHAR)`,
    `CREATE TABLE access_log (seq BIGINT, at_time VARCHAR, token_id VARCHAR, role VARCHAR, region VARCHAR, method VARCHAR, path VARCHAR,
      what VARCHAR, subjects VARCHAR, results BIGINT, status INTEGER)`,
    `CREATE TABLE history_seals (seq INTEGER PRIMARY KEY, period VARCHAR, parts VARCHAR, rows_root VARCHAR, model_hash VARCHAR,
      input_fingerprint VARCHAR, prev_head VARCHAR, head VARCHAR, sealed_at VARCHAR)`,
    "CREATE TABLE history_chunks (seq INTEGER, part VARCHAR, chunk INTEGER, rows INTEGER, sha256 VARCHAR, digests VARCHAR)",
  ],
];

/**
 * An open creditclass database.
 *
 * @example
 * const db = await openDatabase("province.duckdb");
 * const rows = await db.all("SELECT count(*) AS n FROM enterprises");
 * db.close();
 * @category Storage
 */
export interface CreditDatabase {
  /** The file path, or `:memory:`. */
  readonly path: string;
  readonly connection: DuckDBConnection;
  /** Runs SQL and returns the rows as plain JS objects (BIGINT → number when safe). */
  all(sql: string, params?: readonly DuckDBValue[]): Promise<Record<string, unknown>[]>;
  /** Runs SQL, discarding results. */
  run(sql: string, params?: readonly DuckDBValue[]): Promise<void>;
  /**
   * Another connection to the same open database, with its own transactions: a reader that must
   * see only committed results while this connection writes. Its `close` closes only itself.
   */
  session(): Promise<CreditDatabase>;
  close(): void;
}

/**
 * Options of {@link openDatabase}.
 * @category Storage
 */
export interface OpenDatabaseOptions {
  /** Open even though an ingest was interrupted (only the ingest that replaces it does this). */
  readonly ingest?: boolean;
  /**
   * Bytes of memory DuckDB may use (its buffer pool; beyond it sorts, joins and aggregates spill
   * to a temporary folder beside the database). Default: DuckDB's own, 80 % of the machine's memory —
   * right for an ingest, too much when the engines hold a large province's columns in the same
   * process (see {@link ENGINE_DUCKDB_SHARE}).
   */
  readonly memoryLimit?: number;
}

/**
 * The share of the machine's memory the commands that compute in JavaScript give DuckDB
 * (`openDatabase(path, { memoryLimit: engineMemoryLimit() })`): at 10 million
 * enterprises the columns, frames and results take ~12 GiB of their own, and DuckDB's default of
 * 80 % let one `creditclass run` reach 24 GiB and be killed.
 * @example
 * await openDatabase("province.duckdb", { memoryLimit: engineMemoryLimit() });
 * @category Storage
 */
export const ENGINE_DUCKDB_SHARE = 0.4;

/**
 * The bytes of {@link ENGINE_DUCKDB_SHARE} of this machine's memory: the `memoryLimit` of the
 * commands and services that hold a province's columns beside DuckDB.
 *
 * @returns Bytes.
 * @example
 * const db = await openDatabase("province.duckdb", { memoryLimit: engineMemoryLimit() });
 * @category Storage
 */
export function engineMemoryLimit(): number {
  return ENGINE_DUCKDB_SHARE * totalmem();
}

/**
 * Opens (creating if needed) a database file and migrates it to {@link SCHEMA_VERSION}.
 *
 * @param path - Database file, or `:memory:`.
 * @param options - `ingest` to open a database an interrupted ingest left; DuckDB's `memoryLimit`.
 * @returns The open database.
 * @throws {CreditclassError} `not_a_database` for a file that is not a DuckDB database; `database_in_use`
 * when another process holds it; `unfinished_ingest` when an ingest was interrupted (it stored nothing: run it again).
 * @example
 * const db = await openDatabase(":memory:");
 * (await db.all("SELECT value FROM meta WHERE key = 'schema_version'"))[0] //=> { value: "3" }
 * @category Storage
 */
export async function openDatabase(path: string, options: OpenDatabaseOptions = {}): Promise<CreditDatabase> {
  if (path !== ":memory:") {
    if (existsSync(path) && !isDuckDbFile(path)) throw new CreditclassError("not_a_database", `${path} is not a creditclass database (not a DuckDB file)`);
  }
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/Could not set lock|Conflicting lock/i.test(message)) {
      const holder = /PID (\d+)/.exec(message)?.[1];
      throw new CreditclassError(
        "database_in_use",
        `${path} is in use by another process${holder === undefined ? "" : ` (PID ${holder})`}: wait until it finishes`,
      );
    }
    if (/not a valid DuckDB database file|Invalid database|Serialization/i.test(message))
      throw new CreditclassError("not_a_database", `${path} is not a creditclass database (${message.split("\n")[0]})`);
    throw error;
  }
  const db = connectionDatabase(path, instance, await instance.connect(), () => instance.closeSync());
  if (options.memoryLimit !== undefined) await db.run(`SET memory_limit = '${Math.max(64, Math.floor(options.memoryLimit / 2 ** 20))}MiB'`);
  await db.run("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)");
  const current = Number((await db.all("SELECT value FROM meta WHERE key = 'schema_version'"))[0]?.value ?? 0);
  for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
    await inTransaction(db, async () => {
      for (const statement of MIGRATIONS[v] ?? []) await db.run(statement);
      // Months stored before seals existed are sealed as they are now: the history starts at the upgrade.
      if (v === 3) await sealStoredMonths(db);
      await db.run("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [String(v)]);
    });
  }
  const unfinished = unfinishedIngest(path);
  if (unfinished !== undefined) {
    const [files] = await db.all("SELECT count(*) AS n FROM ingest_files");
    // More files than when the ingest began: it committed, and only the marker's removal was lost.
    if (Number(files?.n ?? 0) > unfinished.filesBefore) markIngestFinished(path);
    else if (options.ingest !== true) {
      db.close();
      throw new CreditclassError(
        "unfinished_ingest",
        `${path} holds an unfinished ingest (${unfinished.description}); it stored nothing: run creditclass ingest again before using the database`,
      );
    }
  }
  return db;
}

/**
 * Runs work in one transaction: committed when it completes, rolled back (and the error
 * rethrown) when it fails, so a half-done replacement never becomes visible.
 *
 * @param db - The database (its `run`).
 * @param work - Statements to run inside.
 * @returns What `work` returns.
 * @example
 * await inTransaction(db, async () => {
 *   await db.run("DELETE FROM alerts WHERE period = ?", [period]);
 *   await db.run("INSERT INTO alerts SELECT * FROM stage_alerts");
 * });
 * @category Storage
 */
export async function inTransaction<T>(db: Pick<CreditDatabase, "run">, work: () => Promise<T>): Promise<T> {
  await db.run("BEGIN TRANSACTION");
  try {
    const value = await work();
    await db.run("COMMIT");
    return value;
  } catch (e) {
    await db.run("ROLLBACK");
    throw e;
  }
}

/** A database over one connection of an instance; `closeInstance` runs after the connection closes. */
function connectionDatabase(path: string, instance: DuckDBInstance, connection: DuckDBConnection, closeInstance: () => void): CreditDatabase {
  const all = async (sql: string, params?: readonly DuckDBValue[]): Promise<Record<string, unknown>[]> => {
    const reader = await connection.runAndReadAll(sql, params ? [...params] : undefined);
    return reader.getRowObjectsJS().map((row) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) out[k] = typeof v === "bigint" && Number.isSafeInteger(Number(v)) ? Number(v) : v;
      return out;
    });
  };
  const run = async (sql: string, params?: readonly DuckDBValue[]): Promise<void> => {
    await connection.run(sql, params ? [...params] : undefined);
  };
  return {
    path,
    connection,
    all,
    run,
    session: async () => connectionDatabase(path, instance, await instance.connect(), () => undefined),
    close() {
      connection.closeSync();
      closeInstance();
    },
  };
}

/** True for an empty file (DuckDB initialises it) or one with DuckDB's magic bytes `DUCK` at offset 8. */
function isDuckDbFile(path: string): boolean {
  if (!statSync(path).isFile()) return false;
  if (statSync(path).size === 0) return true;
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(12);
    const n = readSync(fd, head, 0, 12, 0);
    return n === 12 && head.toString("latin1", 8, 12) === "DUCK";
  } finally {
    closeSync(fd);
  }
}
