/**
 * The marker of an ingest in progress: a file beside the database (`<db>.ingesting`) written
 * before an ingest's transaction begins and removed after it commits. An ingest is one
 * transaction, so a killed one stores nothing; the marker left behind tells every later command
 * that the data it expected is not there, until an ingest runs again.
 * @module
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";

/**
 * The marker file of a database.
 *
 * @param path - The database file.
 * @returns `<path>.ingesting`.
 * @example
 * ingestMarkerPath("province.duckdb") //=> "province.duckdb.ingesting"
 * @category Storage
 */
export function ingestMarkerPath(path: string): string {
  return `${path}.ingesting`;
}

/**
 * Marks an ingest as started (no-op for `:memory:`).
 *
 * @param path - The database file.
 * @param what - What is being ingested (a folder), recorded in the marker.
 * @param filesBefore - Rows of `ingest_files` before the run: more rows later mean the run committed (and only the marker's removal was lost).
 * @example
 * markIngestStarted("province.duckdb", "exports/2026-10", 3);
 * @category Storage
 */
export function markIngestStarted(path: string, what: string, filesBefore: number): void {
  if (path === ":memory:") return;
  writeFileSync(ingestMarkerPath(path), `${JSON.stringify({ what, filesBefore, pid: process.pid, started: new Date().toISOString() })}\n`);
}

/**
 * Marks the ingest as finished (committed or rolled back): removes the marker.
 *
 * @param path - The database file.
 * @example
 * markIngestFinished("province.duckdb");
 * @category Storage
 */
export function markIngestFinished(path: string): void {
  if (path === ":memory:") return;
  rmSync(ingestMarkerPath(path), { force: true });
}

/**
 * The marker an interrupted ingest left beside the database, if any.
 *
 * @param path - The database file.
 * @returns What it says: `description` (e.g. `ingest of exports/2026-10 started 2026-11-29T10:00:00.000Z by process 4242`) and `filesBefore`; or undefined.
 * @example
 * unfinishedIngest("province.duckdb") //=> undefined
 * @category Storage
 */
export function unfinishedIngest(path: string): { readonly description: string; readonly filesBefore: number } | undefined {
  const marker = ingestMarkerPath(path);
  if (path === ":memory:" || !existsSync(marker)) return undefined;
  try {
    const m = JSON.parse(readFileSync(marker, "utf8")) as { what?: string; pid?: number; started?: string; filesBefore?: number };
    return {
      description: `ingest of ${m.what ?? "?"} started ${m.started ?? "?"} by process ${m.pid ?? "?"}`,
      filesBefore: typeof m.filesBefore === "number" ? m.filesBefore : Number.POSITIVE_INFINITY,
    };
  } catch {
    return { description: `marker ${marker}`, filesBefore: Number.POSITIVE_INFINITY };
  }
}
