/**
 * The bulk path for large CSV files: DuckDB's parallel CSV reader loads the file into a staging
 * table while this thread hashes the bytes. A SQL predicate marks each row *canonical* when it is
 * certainly valid and already in the exact form the zod schemas would produce (trimmed, upper-case
 * codes, plain decimals, `YYYY-MM-DD` dates); canonical rows are converted in SQL. Every other row
 * goes back through {@link validateRecord} — zod stays the reference — and is either quarantined
 * or stored from its parsed value. The result is the same as the record-by-record path (a test
 * ingests the same files both ways and compares the tables); files the bulk path cannot line-number
 * exactly (quotes, blank lines) or that DuckDB will not read take the record-by-record path.
 * @module
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import {
  CHANGE_FIELDS,
  ENTERPRISE_STATUSES,
  ENTITY_TYPES,
  INDUSTRY_SECTIONS,
  INSPECTION_RESULTS,
  PENALTY_SEVERITIES,
  PROVINCES,
  RELATION_ROLES,
  REPORT_FLAGS,
  USCC_ALPHABET,
} from "@creditclass/core";
import type { CreditDatabase } from "@creditclass/store";
import type { QuarantineSink } from "./quarantine-sink.js";
import type { RecordWriter } from "./record-store.js";
import { storedColumnsSql, withMissingAsNull } from "./record-store.js";
import { validateRecord } from "./record-validation.js";
import type { RecordKind } from "./schemas.js";
import { AMOUNT_LIMITS, DATE_RANGE } from "./schemas.js";

const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(", ");
/** Leading or trailing white space as JavaScript's `trim` sees it (and a little more: stricter only sends rows to zod). */
const EDGE_SPACE = "^[\\s\\pZ\\x{FEFF}]|[\\s\\pZ\\x{FEFF}]$";
/** Control characters, which zod refuses in every text field. */
const CONTROL = "[\\x00-\\x1f\\x7f]";
const text = (c: string): string => `("${c}" IS NOT NULL AND NOT regexp_matches("${c}", '${EDGE_SPACE}') AND NOT regexp_matches("${c}", '${CONTROL}'))`;
const optionalText = (c: string): string => `("${c}" IS NULL OR (NOT regexp_matches("${c}", '${EDGE_SPACE}') AND NOT regexp_matches("${c}", '${CONTROL}')))`;
const date = (c: string): string =>
  `("${c}" IS NOT NULL AND regexp_full_match("${c}", '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND "${c}" BETWEEN '${DATE_RANGE.first}' AND '${DATE_RANGE.last}' AND TRY_CAST("${c}" AS DATE) IS NOT NULL)`;
/** A decimal with fewer integer digits than its limit has (so below it, as zod requires). */
const decimal = (c: string, limit: number): string => `("${c}" IS NOT NULL AND regexp_full_match("${c}", '[0-9]{1,${Math.log10(limit)}}([.][0-9]{1,6})?'))`;
const oneOf = (c: string, values: readonly string[]): string => `("${c}" IN (${list(values)}))`;
const notBefore = (later: string, earlier: string): string => `(TRY_CAST("${later}" AS DATE) >= TRY_CAST("${earlier}" AS DATE))`;
/**
 * A valid upper-case code. A code already in the register was validated when the register was
 * ingested, so only codes not found there pay for the check character (the costly part).
 */
const uscc = (c: string, register: boolean): string => {
  const sum = USCC_WEIGHTS.map((w, i) => `(instr('${USCC_ALPHABET}', "${c}"[${i + 1}]) - 1) * ${w}`).join(" + ");
  const check = `(regexp_full_match("${c}", '[0-9A-HJ-NP-RT-UW-Y]{18}') AND (31 - (${sum}) % 31) % 31 = instr('${USCC_ALPHABET}', "${c}"[18]) - 1)`;
  return register ? `("${c}" IS NOT NULL AND ("${c}" IN (SELECT uscc FROM enterprises) OR ${check}))` : `("${c}" IS NOT NULL AND ${check})`;
};
const region = (c: string): string => `(regexp_full_match("${c}", '[0-9]{6}') AND substr("${c}", 1, 2) IN (${list(Object.keys(PROVINCES))}))`;
const industry = (c: string): string =>
  `(regexp_full_match("${c}", '[A-T][0-9]{2}([0-9]{1,2})?') AND CASE substr("${c}", 1, 1) ${INDUSTRY_SECTIONS.map(
    (s) => `WHEN '${s.section}' THEN TRY_CAST(substr("${c}", 2, 2) AS INTEGER) BETWEEN ${s.divisions[0]} AND ${s.divisions[1]}`,
  ).join(" ")} ELSE false END)`;
const FLAG = `(${REPORT_FLAGS.join("|")})?`;

/** SQL predicates of canonical rows, per kind: each implies that zod accepts the row unchanged (also the bulk path of mapped files, mapping/bulk-mapped-csv.ts). */
export const CANONICAL: Readonly<Record<RecordKind, string>> = {
  enterprises: [
    uscc("uscc", false),
    text("name"),
    oneOf("entity_type", ENTITY_TYPES),
    region("region"),
    industry("industry"),
    date("established"),
    `("registered_capital" IS NULL OR ${decimal("registered_capital", AMOUNT_LIMITS.registeredCapital)})`,
    oneOf("status", ENTERPRISE_STATUSES),
    text("address"),
    optionalText("tags"),
    date("recorded"),
    notBefore("recorded", "established"),
  ].join(" AND "),
  relations: [
    text("source_id"),
    uscc("uscc", true),
    text("party"),
    oneOf("party_type", ["person", "enterprise"]),
    oneOf("role", RELATION_ROLES),
    date("since"),
    date("recorded"),
    notBefore("recorded", "since"),
  ].join(" AND "),
  events: [
    text("source_id"),
    uscc("uscc", true),
    date("date"),
    date("recorded"),
    notBefore("recorded", "date"),
    `CASE "kind"
      WHEN 'change' THEN ${oneOf("field", CHANGE_FIELDS)}
      WHEN 'annual_report' THEN regexp_full_match("report_year", '[0-9]{4}') AND "report_year" BETWEEN '1990' AND '2100'
        AND ("flags" IS NULL OR (${optionalText("flags")} AND regexp_full_match("flags", '${FLAG}(;${FLAG})*')))
      WHEN 'penalty' THEN ${oneOf("severity", PENALTY_SEVERITIES)} AND ${decimal("amount", AMOUNT_LIMITS.amount)} AND ${date("published")} AND ${notBefore("published", "date")}
        AND ${text("authority")} AND ${text("case_id")}
      WHEN 'abnormal_entry' THEN ${text("reason")} WHEN 'abnormal_removal' THEN ${text("reason")}
      WHEN 'serious_entry' THEN ${text("reason")} WHEN 'serious_removal' THEN ${text("reason")}
      WHEN 'inspection' THEN ${text("task_id")} AND ${oneOf("result", INSPECTION_RESULTS)}
      WHEN 'complaint' THEN ${oneOf("channel", ["complaint", "report"])}
      WHEN 'credit_repair' THEN ${text("repairs")}
      WHEN 'pledge' THEN ${decimal("amount", AMOUNT_LIMITS.amount)}
      ELSE false END`,
  ].join(" AND "),
};

/** What the bulk path did, or why it did not apply. */
export type BulkResult =
  | { readonly done: true; readonly read: number; readonly accepted: number; readonly duplicates: number; readonly sha256: string }
  | { readonly done: false; readonly reason: string };

/**
 * Loads a UTF-8 CSV file through DuckDB, validating as described above.
 *
 * @param db - The database.
 * @param path - The file.
 * @param kind - Record kind.
 * @param header - The file's header (already checked for required columns).
 * @param writer - Where records validated in JavaScript go, and whose merge takes the bulk rows too.
 * @param quarantine - Where rejected records go.
 * @param file - The file's name in summaries, quarantine and provenance columns.
 * @returns `done` with the count read and the file hash, or why the caller must use the record-by-record path.
 * @example
 * const r = await bulkLoadCsv(db, "events.csv", "events", header, writer, quarantine);
 */
export async function bulkLoadCsv(
  db: CreditDatabase,
  path: string,
  kind: RecordKind,
  header: readonly string[],
  writer: RecordWriter<RecordKind>,
  quarantine: QuarantineSink,
  file: string,
): Promise<BulkResult> {
  if (new Set(header).size !== header.length || header.some((h) => !/^\w+$/.test(h))) return { done: false, reason: "header names are not plain and unique" };
  const present = new Set(header);
  const stage = `bulk_${kind}`;
  const columns = header.map((h) => `'${h}': 'VARCHAR'`).join(", ");
  const source = `read_csv('${path.replaceAll("'", "''")}', header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, strict_mode = true, columns = {${columns}})`;
  const raw = `struct_pack(${header.map((h) => `"${h}" := "${h}"`).join(", ")})`;
  const load = db
    .run(
      `CREATE OR REPLACE TEMP TABLE ${stage} AS SELECT ${storedColumnsSql(kind, present)}, ok, CASE WHEN ok THEN NULL ELSE ${raw} END AS raw
       FROM (SELECT *, coalesce(${withMissingAsNull(CANONICAL[kind], present)}, false) AS ok FROM ${source})`,
    )
    .then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e.message.split("\n")[0] : String(e)),
    );
  const [scan, failure] = await Promise.all([scanBytes(path), load]);
  if (failure !== undefined || scan.quoted || scan.blankLine) {
    await db.run(`DROP TABLE IF EXISTS ${stage}`);
    return { done: false, reason: failure ?? (scan.quoted ? "the file has quoted fields" : "the file has blank lines") };
  }
  const [count] = await db.all(`SELECT count(*) AS n FROM ${stage}`);
  // Row ids count from the table's first row only outside a transaction (inside one, uncommitted rows number from 2^62): subtract the first.
  const rejected = await db.all(`SELECT rowid - (SELECT min(rowid) FROM ${stage}) AS r, raw FROM ${stage} WHERE NOT ok ORDER BY rowid`);
  for (const row of rejected) {
    const line = Number(row.r) + 2;
    const fields = (row.raw ?? {}) as Record<string, unknown>;
    const record: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) {
      const value = typeof v === "string" ? v.trim() : v;
      if (value !== null && value !== undefined && value !== "") record[k] = value;
    }
    const text = header.map((h) => (fields[h] ?? "") as string).join(",");
    const result = validateRecord(kind, record);
    if (result.ok) writer.add(result.record, file, line);
    else quarantine.add(line, result.issues, text);
  }
  const merged = await writer.merge({ table: stage, file });
  await db.run(`DROP TABLE IF EXISTS ${stage}`);
  return { done: true, read: Number(count?.n ?? 0), ...merged, sha256: scan.sha256 };
}

/** One pass over the bytes: SHA-256, and whether there is any quote or blank line (also for the mapped CSV path). */
export async function scanBytes(path: string): Promise<{ sha256: string; quoted: boolean; blankLine: boolean }> {
  const hash = createHash("sha256");
  let quoted = false;
  let blankLine = false;
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    quoted ||= chunk.includes(0x22);
    if (!blankLine) {
      // Also look across the boundary with the previous chunk.
      const seam = Buffer.concat([tail, chunk.subarray(0, 2)]);
      blankLine = chunk.includes("\n\n") || chunk.includes("\n\r\n") || seam.includes("\n\n") || seam.includes("\n\r\n");
    }
    tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 2)));
  }
  return { sha256: hash.digest("hex"), quoted, blankLine };
}
