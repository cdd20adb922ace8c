/**
 * The access log: every read of an enterprise's class or of a month's results, append-only.
 * @module
 */
import type { CreditDatabase } from "../database/open-database.js";

/**
 * One logged request.
 * @category Access
 */
export interface AccessEntry {
  /** ISO time of the request. */
  readonly at: string;
  readonly tokenId: string;
  readonly role: string;
  /** The token's region scope. */
  readonly region: string;
  readonly method: string;
  readonly path: string;
  /** What was read: `enterprise`, `enterprises`, `distribution`, `migration`, `alerts`, `plan`, `export`, … */
  readonly what: string;
  /** The enterprises read (codes, comma-separated) or the aggregate's description. */
  readonly subjects: string;
  /** Rows or enterprises returned. */
  readonly results: number;
  /** HTTP status. */
  readonly status: number;
}

/**
 * Appends entries to the log, numbered after the last one, in one transaction.
 *
 * @param db - The database.
 * @param entries - In the order they happened.
 * @returns Nothing; the entries are stored when it resolves.
 * @example
 * await appendAccessLog(db, [{ at: new Date().toISOString(), tokenId: "3f9a0c21b7d4", role: "analyst", region: "3301",
 *   method: "GET", path: "/v1/enterprises/91330100716105852F", what: "enterprise", subjects: "91330100716105852F", results: 1, status: 200 }]);
 * @category Access
 */
export async function appendAccessLog(db: CreditDatabase, entries: readonly AccessEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.run("BEGIN TRANSACTION");
  try {
    const [last] = await db.all("SELECT coalesce(max(seq), 0) AS seq FROM access_log");
    let seq = Number(last?.seq ?? 0);
    const appender = await db.connection.createAppender("access_log");
    try {
      for (const e of entries) {
        appender.appendBigInt(BigInt(++seq));
        for (const v of [e.at, e.tokenId, e.role, e.region, e.method, e.path, e.what, e.subjects]) appender.appendVarchar(v);
        appender.appendBigInt(BigInt(e.results));
        appender.appendInteger(e.status);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    await db.run("COMMIT");
  } catch (e) {
    await db.run("ROLLBACK");
    throw e;
  }
}

/**
 * Filters of {@link readAccessLog}.
 * @category Access
 */
export interface AccessLogFilter {
  readonly tokenId?: string;
  /** Entries naming this enterprise. */
  readonly uscc?: string;
  /** ISO time bounds, inclusive. */
  readonly from?: string;
  readonly to?: string;
  /** Default 1,000. */
  readonly limit?: number;
}

/**
 * Reads the log, newest first.
 *
 * @param db - The database.
 * @param filter - Token, enterprise, time range, limit.
 * @returns The entries with their sequence numbers.
 * @example
 * const who = await readAccessLog(db, { uscc: "91330100716105852F" }); // who read this enterprise's class
 * @category Access
 */
export async function readAccessLog(db: CreditDatabase, filter: AccessLogFilter = {}): Promise<(AccessEntry & { readonly seq: number })[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.tokenId !== undefined) {
    where.push("token_id = ?");
    params.push(filter.tokenId);
  }
  if (filter.uscc !== undefined) {
    where.push("list_contains(string_split(subjects, ','), ?)");
    params.push(filter.uscc);
  }
  if (filter.from !== undefined) {
    where.push("at_time >= ?");
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push("at_time <= ?");
    params.push(filter.to);
  }
  const limit = Math.max(1, Math.min(100_000, Math.floor(filter.limit ?? 1000)));
  const rows = await db.all(`SELECT * FROM access_log ${where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`} ORDER BY seq DESC LIMIT ${limit}`, params);
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: String(r.at_time),
    tokenId: String(r.token_id),
    role: String(r.role),
    region: String(r.region),
    method: String(r.method),
    path: String(r.path),
    what: String(r.what),
    subjects: String(r.subjects),
    results: Number(r.results),
    status: Number(r.status),
  }));
}
