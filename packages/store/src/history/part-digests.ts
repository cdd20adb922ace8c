/**
 * The canonical digests of a stored month's rows, part by part, computed by DuckDB from the
 * tables as they are now (not from what creditclass meant to write): the basis of the seals.
 * @module
 */
import { createHash } from "node:crypto";
import type { Period } from "@creditclass/core";
import type { CreditDatabase } from "../database/open-database.js";

/** Rows per chunk: the unit whose SHA-256 is stored, so a mismatch is found without rereading every month. */
export const CHUNK_ROWS = 1024;

/**
 * The tables a month's seal covers, each a part: the run record, the classes, the alerts, the
 * plan with its audit record, the plan's selections. Alert disposals come later and are not sealed.
 */
export const SEALED_PARTS: readonly { readonly part: SealedPart; readonly table: string }[] = [
  { part: "run", table: "classification_runs" },
  { part: "classes", table: "classifications" },
  { part: "alerts", table: "alerts" },
  { part: "plan", table: "plans" },
  { part: "selections", table: "plan_selections" },
];

/**
 * A sealed part of a month: the run record, the classes, the alerts, the plan, the plan's selections.
 * @category History
 */
export type SealedPart = "run" | "classes" | "alerts" | "plan" | "selections";

/** One chunk of a part: its row count, the SHA-256 of its rows' text, and 8 hex digits of each row's MD5. */
export interface ChunkDigest {
  readonly chunk: number;
  readonly rows: number;
  readonly sha256: string;
  readonly digests: string;
}

/** The digests of one part of a month. */
export interface PartDigest {
  readonly part: SealedPart;
  readonly rows: number;
  readonly chunks: readonly ChunkDigest[];
}

/**
 * A row's canonical text in SQL: every column in table order, cast to text, NULL as `\N`, joined
 * by the unit separator (U+001F). Rows are ordered by this text.
 *
 * @param db - The database (its column list is read).
 * @param table - A sealed table.
 * @returns The SQL expression.
 */
async function rowTextSql(db: CreditDatabase, table: string): Promise<string> {
  const columns = await db.all(`SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main' ORDER BY column_index`, [table]);
  const cells = columns.map((c) => `coalesce(CAST("${String(c.column_name).replaceAll('"', '""')}" AS VARCHAR), '\\N')`);
  return `concat_ws(chr(31), ${cells.join(", ")})`;
}

/** Every part, in {@link SEALED_PARTS} order. */
export const ALL_PARTS: readonly SealedPart[] = SEALED_PARTS.map((p) => p.part);

/**
 * Digests parts of a month, in {@link SEALED_PARTS} order.
 *
 * @param db - The database.
 * @param period - The month.
 * @param which - The parts (default all).
 * @returns One digest per part.
 */
export async function monthDigests(db: CreditDatabase, period: Period, which: readonly SealedPart[] = ALL_PARTS): Promise<PartDigest[]> {
  const parts: PartDigest[] = [];
  for (const { part, table } of SEALED_PARTS) {
    if (!which.includes(part)) continue;
    const text = await rowTextSql(db, table);
    const rows = await db.all(
      `WITH r AS (SELECT ${text} AS t FROM ${table} WHERE period = ?),
            o AS (SELECT t, row_number() OVER (ORDER BY t) - 1 AS i FROM r)
       SELECT (i // ${CHUNK_ROWS})::INTEGER AS chunk, count(*)::INTEGER AS rows,
              sha256(string_agg(t, chr(10) ORDER BY i)) AS sha256,
              string_agg(substr(md5(t), 1, 8), '' ORDER BY i) AS digests
       FROM o GROUP BY chunk ORDER BY chunk`,
      [period],
    );
    const chunks = rows.map((r) => ({ chunk: Number(r.chunk), rows: Number(r.rows), sha256: String(r.sha256), digests: String(r.digests) }));
    parts.push({ part, rows: chunks.reduce((n, c) => n + c.rows, 0), chunks });
  }
  return parts;
}

/**
 * The root of a month's rows: SHA-256 over one line per part, `part rows root`, where a part's
 * root is the SHA-256 of its chunks' SHA-256s, one per line.
 *
 * @param parts - The month's digests.
 * @returns 64 hex digits.
 */
export function rowsRoot(parts: readonly PartDigest[]): string {
  const lines = parts.map((p) => `${p.part} ${p.rows} ${sha256(p.chunks.map((c) => c.sha256).join("\n"))}`);
  return sha256(lines.join("\n"));
}

/**
 * A seal's head: SHA-256 of the previous head, the month, the parts sealed (comma-separated), the
 * rows' root, the model hash and the input fingerprint, one per line (the first seal's previous
 * head is 64 zeros).
 *
 * @param prevHead - The previous seal's head.
 * @param period - The month.
 * @param parts - The parts it covers, comma-separated in {@link SEALED_PARTS} order.
 * @param root - {@link rowsRoot}.
 * @param modelHash - The month's model hash ("" when it has no classes).
 * @param inputFingerprint - The month's input fingerprint ("" when it has no classes).
 * @returns 64 hex digits.
 */
export function sealHead(prevHead: string, period: string, parts: string, root: string, modelHash: string, inputFingerprint: string): string {
  return sha256([prevHead, period, parts, root, modelHash, inputFingerprint].join("\n"));
}

/** The previous head of the first seal. */
export const GENESIS_HEAD = "0".repeat(64);

/** Hex SHA-256 of UTF-8 text. */
function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * The canonical text of a part's row at a position (for naming a row that no longer matches).
 *
 * @param db - The database.
 * @param period - The month.
 * @param part - The part.
 * @param index - 0-based position in canonical order.
 * @returns The row's text with separators shown as `|`, or undefined past the end.
 */
export async function rowTextAt(db: CreditDatabase, period: Period, part: SealedPart, index: number): Promise<string | undefined> {
  const table = SEALED_PARTS.find((p) => p.part === part)?.table ?? "";
  const text = await rowTextSql(db, table);
  const [row] = await db.all(`SELECT ${text} AS t FROM ${table} WHERE period = ? ORDER BY t LIMIT 1 OFFSET ?`, [period, index]);
  return row === undefined ? undefined : String(row.t).replaceAll("\u001f", "|");
}
