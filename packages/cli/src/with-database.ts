/**
 * The one way commands use a database file: open, work, close — also when the work fails.
 * @module
 */
import { existsSync } from "node:fs";
import { CreditclassError } from "@creditclass/core";
import type { CreditDatabase } from "@creditclass/store";
import { engineMemoryLimit, openDatabase } from "@creditclass/store";

/**
 * Opens an existing database, runs a function, closes it. DuckDB gets `engineMemoryLimit()` (40 %)
 * of the machine's memory: these commands hold the province's columns in the same process.
 *
 * @param path - Database file.
 * @param f - The work.
 * @returns What `f` returns.
 * @throws {CreditclassError} When there is no database at the path (rather than creating an empty one).
 * @example
 * await withDatabase("province.duckdb", (db) => db.all("SELECT 1"))
 */
export async function withDatabase<T>(path: string, f: (db: CreditDatabase) => Promise<T>): Promise<T> {
  if (path !== ":memory:" && !existsSync(path)) throw new CreditclassError("invalid_value", `no database at ${path}: run creditclass ingest first`);
  const db = await openDatabase(path, { memoryLimit: engineMemoryLimit() });
  try {
    return await f(db);
  } finally {
    db.close();
  }
}
