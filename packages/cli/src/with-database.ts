/**
 * The one way commands use a database file: open, work, close — also when the work fails.
 * @module
 */
import type { CreditDatabase } from "@creditclass/ingest";
import { openDatabase } from "@creditclass/ingest";

/**
 * Opens a database, runs a function, closes it.
 *
 * @param path - Database file.
 * @param f - The work.
 * @returns What `f` returns.
 * @example
 * await withDatabase("province.duckdb", (db) => db.all("SELECT 1"))
 */
export async function withDatabase<T>(path: string, f: (db: CreditDatabase) => Promise<T>): Promise<T> {
  const db = await openDatabase(path);
  try {
    return await f(db);
  } finally {
    db.close();
  }
}
