/**
 * The input fingerprint every monthly result records: what the month's result depends on.
 * @module
 */
import type { Period } from "@creditclass/core";
import { contentHash } from "@creditclass/core";
import type { CreditDatabase } from "../database/open-database.js";

/**
 * The fingerprint of what a month's result depends on: every ingested file's SHA-256 and
 * counts, the table sizes, the month and the settings of the indicator computation.
 *
 * @param db - The database.
 * @param period - The month.
 * @param settings - A JSON-able description of the indicator settings (custom indicators, validity periods).
 * @returns 64 hex digits.
 * @example
 * await inputFingerprint(db, parsePeriod("2026-10"), { custom: undefined }) //=> "9c1e…"
 * @category Runs
 */
export async function inputFingerprint(db: CreditDatabase, period: Period, settings?: unknown): Promise<string> {
  const files = await db.all("SELECT record_kind, sha256, accepted FROM ingest_files ORDER BY record_kind, sha256, accepted");
  const [sizes] = await db.all("SELECT (SELECT count(*) FROM enterprises) AS e, (SELECT count(*) FROM events) AS v, (SELECT count(*) FROM relations) AS r");
  return contentHash({ files, sizes, period, indicators: settings });
}
