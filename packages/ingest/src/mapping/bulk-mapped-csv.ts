/**
 * The bulk path of a mapped CSV file: DuckDB's parallel CSV reader loads the bureau's table and
 * converts it to creditclass's fields in SQL — code tables as `CASE`, dates in the mapping's
 * formats, 元/万元 by moving the decimal point in the text — then the same canonical-row
 * predicates as creditclass's own files (`CANONICAL` in bulk-csv.ts) accept a row only when it is
 * certainly valid. Every other row (a value SQL cannot convert exactly as JavaScript would, an
 * unknown code, a bad date, an invalid record) goes back through the record-by-record mapping and
 * validation with its source cells, so the result is the same as that path's (a test compares
 * both). Sources that yield several records per row, and files with quotes or blank lines, take
 * the record-by-record path.
 * @module
 */
import { createReadStream } from "node:fs";
import type { CreditDatabase } from "@creditclass/store";
import { CANONICAL, scanBytes } from "../bulk-csv.js";
import { QuarantineSink } from "../quarantine-sink.js";
import type { RecordWriter } from "../record-store.js";
import { storedColumnsSql, withMissingAsNull } from "../record-store.js";
import type { MappedFileRead } from "./apply-mapping.js";
import { mapRow } from "./apply-mapping.js";
import type { SourceCell } from "./compile-source.js";
import { compileSource, findColumn } from "./compile-source.js";
import { normalizeHeader } from "./header-text.js";
import type { DateFormat, MappingSource, SourceMapping } from "./mapping-document.js";
import { AMOUNT_UNITS, DATE_FIELDS } from "./mapping-document.js";

/**
 * The outcome of the bulk path: what was read, with the table of rows converted in SQL (for the
 * writer's merge, then to be dropped), or why the record-by-record path must read the file.
 */
export type BulkMappedResult =
  | { readonly done: true; readonly read: MappedFileRead; readonly stages: readonly string[] }
  | { readonly done: false; readonly reason: string };

const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string): string => `"${s.replaceAll('"', '""')}"`;

/** The date formats SQL converts, each decided by a pattern and read by strptime (a time of day sends the row to the record-by-record path). */
const DATE_SQL: Readonly<Record<Exclude<DateFormat, "excel">, { readonly pattern: string; readonly strptime: string }>> = {
  "YYYY-MM-DD": { pattern: "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", strptime: "%Y-%m-%d" },
  "YYYY/M/D": { pattern: "[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}", strptime: "%Y/%m/%d" },
  YYYYMMDD: { pattern: "[0-9]{8}", strptime: "%Y%m%d" },
  YYYY年M月D日: { pattern: "[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日", strptime: "%Y年%m月%d日" },
  "YYYY.M.D": { pattern: "[0-9]{4}[.][0-9]{1,2}[.][0-9]{1,2}", strptime: "%Y.%m.%d" },
};

function dateSql(v: string, formats: readonly DateFormat[]): string {
  const tries = formats.map((f) => {
    if (f === "excel") {
      const s = `floor(TRY_CAST(${v} AS DOUBLE))`;
      return `CASE WHEN regexp_full_match(${v}, '[0-9]+([.][0-9]+)?') AND ${s} BETWEEN 1 AND 2958465 AND ${s} <> 60
        THEN DATE '1899-12-30' + (${s} + CASE WHEN ${s} < 60 THEN 1 ELSE 0 END)::INTEGER END`;
    }
    // A regular expression decides, strptime converts (it alone would accept a trailing space).
    return `CASE WHEN regexp_full_match(${v}, ${lit(DATE_SQL[f].pattern)}) THEN TRY_CAST(try_strptime(${v}, ${lit(DATE_SQL[f].strptime)}) AS DATE) END`;
  });
  const general = `strftime(coalesce(${tries.join(", ")}), '%Y-%m-%d')`;
  // Fast paths for the two commonest forms, which no other format reads: the text itself, or its digits rearranged.
  // A day that does not exist passes here and fails the canonical date check, so the row goes to the record-by-record path, which says why.
  const fast: string[] = [];
  if (formats.includes("YYYY-MM-DD")) fast.push(`WHEN regexp_full_match(${v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN ${v}`);
  if (formats.includes("YYYYMMDD"))
    fast.push(`WHEN regexp_full_match(${v}, '[0-9]{8}') THEN substr(${v}, 1, 4) || '-' || substr(${v}, 5, 2) || '-' || substr(${v}, 7, 2)`);
  return fast.length === 0 ? general : `CASE ${fast.join(" ")} ELSE ${general} END`;
}

/** A plain decimal moved `shift` places (±4): the same number as parse-amount.ts writes, as text. */
function amountSql(v: string, shift: number): string {
  const plain = `regexp_full_match(${v}, '[0-9]+([.][0-9]+)?')`;
  if (shift === 0) return `CASE WHEN ${plain} THEN ${v} END`;
  const whole = `regexp_extract(${v}, '^([0-9]+)', 1)`;
  const fraction = `regexp_extract(${v}, '[.]([0-9]+)$', 1)`;
  let head: string;
  let tail: string;
  if (shift > 0) {
    const padded = `rpad(${fraction}, greatest(length(${fraction}), ${shift})::INTEGER, '0')`;
    head = `ltrim(${whole} || substr(${padded}, 1, ${shift}), '0')`;
    tail = `rtrim(substr(${padded}, ${shift + 1}), '0')`;
  } else {
    const k = -shift;
    const padded = `lpad(${whole}, greatest(length(${whole}), ${k + 1})::INTEGER, '0')`;
    head = `ltrim(substr(${padded}, 1, length(${padded}) - ${k}), '0')`;
    tail = `rtrim(substr(${padded}, length(${padded}) - ${k - 1}) || ${fraction}, '0')`;
  }
  return `CASE WHEN ${plain} THEN (CASE WHEN ${head} = '' THEN '0' ELSE ${head} END) || (CASE WHEN ${tail} = '' THEN '' ELSE '.' || ${tail} END) END`;
}

/** A code table as `CASE`: the keys as written and as compared (trimmed, NFKC), the table's unknown-value policy. */
function codesSql(v: string, table: SourceMapping["codeTables"][string]): string {
  const key = (s: string): string => s.trim().normalize("NFKC");
  const byKey = new Map<string, string>();
  for (const [k, value] of Object.entries(table.values)) byKey.set(key(k), value);
  const whens = new Map<string, string>();
  for (const [k, value] of byKey) whens.set(k, value);
  for (const k of Object.keys(table.values)) if (!whens.has(k)) whens.set(k, byKey.get(key(k)) ?? "");
  const branches = [...whens].map(([k, value]) => `WHEN ${lit(k)} THEN ${lit(value)}`).join(" ");
  const otherwise = table.unknown === "keep" ? ` ELSE ${v}` : table.unknown === "quarantine" ? "" : ` ELSE ${lit(table.unknown.default)}`;
  return `CASE ${v} ${branches}${otherwise} END`;
}

const EXPONENT: Readonly<Record<"元" | "万元", number>> = { 元: 0, 万元: 4 };

/** Text JavaScript's `trim` removes entirely (white space, line and paragraph separators, BOM, VT): a cell the record-by-record path reads as empty. */
const BLANK = "[\\s\\pZ\\x{FEFF}\\x{0B}]*";

/** One record rule as SQL: the converted fields, the checks that the conversions succeeded, the fields present. */
function recordSql(
  mapping: SourceMapping,
  source: MappingSource,
  rule: MappingSource["records"][number],
  header: readonly string[],
  extracted: string | undefined,
): { converted: string[]; oks: string[]; present: Set<string> } | { reason: string } {
  const normalized = header.map(normalizeHeader);
  const formats = source.dateFormats ?? mapping.dateFormats;
  const converted: string[] = [];
  const oks: string[] = [];
  const present = new Set<string>();
  for (const [field, fieldRule] of Object.entries(rule.fields)) {
    let expr: string;
    let isNull: string | undefined;
    if ("constant" in fieldRule) expr = lit(fieldRule.constant);
    else if ("extracted" in fieldRule) expr = lit(extracted ?? "");
    else {
      const index = findColumn(normalized, fieldRule.column);
      if (index < 0) {
        // An optional column the file lacks: the field is absent, as on the record-by-record path.
        if (fieldRule.optional === true) continue;
        return { reason: `no column for ${field}` };
      }
      const x = ident(header[index] ?? "");
      let v = x;
      const table = fieldRule.codes === undefined ? undefined : mapping.codeTables[fieldRule.codes];
      if (table !== undefined) v = codesSql(v, table);
      const target = Object.hasOwn(AMOUNT_UNITS, field) ? AMOUNT_UNITS[field] : undefined;
      if (DATE_FIELDS.has(field)) v = dateSql(v, formats);
      else if (target !== undefined) v = amountSql(v, EXPONENT[fieldRule.unit ?? target] - EXPONENT[target]);
      else if (field === "report_year") v = `regexp_replace(${v}, '年度?$', '')`;
      expr = v;
      isNull = `${x} IS NULL`;
    }
    present.add(field);
    converted.push(`${expr} AS ${ident(field)}`);
    if (isNull !== undefined) {
      // A value SQL could not convert goes to the record-by-record path, which says why; computed once, read back by name.
      converted.push(`${isNull} AS ${ident(`__null_${field}`)}`);
      oks.push(`(${ident(`__null_${field}`)} OR ${ident(field)} IS NOT NULL)`);
    }
  }
  return { converted, oks, present };
}

/**
 * Loads a mapped CSV file (UTF-8: a GB18030 file goes through its UTF-8 copy) through DuckDB:
 * one table per record rule (a list table's entry and removal are two), each row marked `ok`
 * (converted in SQL and certainly valid), `skip` (its when-column is empty: no such record),
 * `js` (to map and validate record by record), or `row` (a when-column holds only white space, or
 * every when-column is empty: the whole row is mapped record by record, once).
 *
 * @param db - The database, inside the run's transaction.
 * @param runId - The run.
 * @param mapping - The mapping.
 * @param source - The file's source.
 * @param path - The UTF-8 file to read.
 * @param file - The file's name in summaries, quarantine and provenance.
 * @param writer - The run's writer of the source's kind: rows SQL did not accept go to it.
 * @param stage - The prefix of the tables to load into (kept for the writer's merge).
 * @param options - The original's encoding and SHA-256 (when `path` is a copy), the extraction date.
 * @returns What was read and the tables, or why the record-by-record path must read the file.
 * @example
 * const r = await bulkMappedCsv(db, 3, mapping, source, "投诉举报.csv", "投诉举报.csv", writer, "bulk_mapped_events_0", {});
 */
export async function bulkMappedCsv(
  db: CreditDatabase,
  runId: number,
  mapping: SourceMapping,
  source: MappingSource,
  path: string,
  file: string,
  writer: RecordWriter<MappingSource["kind"]>,
  stage: string,
  options: { readonly encoding?: string; readonly sha256?: string; readonly extracted?: string },
): Promise<BulkMappedResult> {
  const header = await firstLine(path);
  if (header === undefined || header.some((h) => h === "" || h.includes('"')) || new Set(header).size !== header.length)
    return { done: false, reason: "the header is not plain and unique" };
  const normalized = header.map(normalizeHeader);
  const whens: string[] = [];
  for (const rule of source.records) {
    if (rule.when === undefined) continue;
    const index = findColumn(normalized, rule.when.filled);
    if (index < 0) return { done: false, reason: "no column for a when-condition" };
    whens.push(ident(header[index] ?? ""));
  }
  // Rows the record-by-record path maps whole: a when-cell of white space only (JavaScript's idea of empty is the reference), or no record at all.
  const rowCases = [...whens.map((w) => `(${w} IS NOT NULL AND regexp_full_match(${w}, '${BLANK}'))`)];
  if (source.records.every((r) => r.when !== undefined)) rowCases.push(`(${whens.map((w) => `${w} IS NULL`).join(" AND ")})`);
  const wholeRow = rowCases.length === 0 ? "false" : rowCases.join(" OR ");
  const columns = header.map((h) => `${lit(h)}: 'VARCHAR'`).join(", ");
  const csv = `read_csv(${lit(path)}, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, strict_mode = true, columns = {${columns}})`;
  const stages: string[] = [];
  const loads: Promise<string | undefined>[] = [];
  for (const [i, rule] of source.records.entries()) {
    const sql = recordSql(mapping, source, rule, header, options.extracted);
    if ("reason" in sql) return { done: false, reason: sql.reason };
    const table = `${stage}_${i}`;
    const skip = rule.when === undefined ? "false" : `${ident(header[findColumn(normalized, rule.when.filled)] ?? "")} IS NULL`;
    const canonical = withMissingAsNull(CANONICAL[source.kind], sql.present);
    const ok = `coalesce(${[canonical, ...sql.oks].join(" AND ")}, false)`;
    stages.push(table);
    // One statement at a time on the connection: the loads run one after the other.
    const previous = loads[loads.length - 1] ?? Promise.resolve(undefined);
    loads.push(
      previous.then((failed) =>
        failed !== undefined
          ? failed
          : db
              .run(
                `CREATE OR REPLACE TEMP TABLE ${table} AS
                 SELECT ${storedColumnsSql(source.kind, sql.present)}, mode = 'ok' AS ok, mode,
                        CASE WHEN mode IN ('js', 'row') THEN list_value(${header.map((_, c) => `__c${c}`).join(", ")}) END AS raw
                 FROM (SELECT *, CASE WHEN __row THEN 'row' WHEN __skip THEN 'skip' WHEN ${ok} THEN 'ok' ELSE 'js' END AS mode
                       FROM (SELECT ${sql.converted.join(", ")}, ${wholeRow} AS __row, ${skip} AS __skip,
                                    ${header.map((h, c) => `${ident(h)} AS __c${c}`).join(", ")} FROM ${csv}))`,
              )
              .then(
                () => undefined,
                (e: unknown) => (e instanceof Error ? e.message.split("\n")[0] : String(e)),
              ),
      ),
    );
  }
  const [scan, failure] = await Promise.all([scanBytes(path), loads[loads.length - 1] ?? Promise.resolve(undefined)]);
  if (failure !== undefined || scan.quoted || scan.blankLine) {
    // After a refused statement the transaction may be aborted, and dropping fails too: the caller retries the run then.
    for (const t of stages) await db.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
    return { done: false, reason: failure ?? (scan.quoted ? "the file has quoted fields" : "the file has blank lines") };
  }
  const quarantine = await QuarantineSink.open(db, runId, source.kind, file);
  const whole = compileSource(mapping, source, header, options.extracted);
  let read = 0;
  let rows = 0;
  try {
    for (const [i, table] of stages.entries()) {
      const rule = source.records[i];
      if (rule === undefined) continue;
      // Each record rule alone: its when-column is filled on these rows, so it yields exactly one record.
      const one = compileSource(mapping, { ...source, records: [rule] }, header, options.extracted);
      const [count] = await db.all(`SELECT count(*) AS n, count(*) FILTER (WHERE mode IN ('ok', 'js')) AS records FROM ${table}`);
      if (i === 0) rows = Number(count?.n ?? 0);
      read += Number(count?.records ?? 0);
      const modes = i === 0 ? "('js', 'row')" : "('js')";
      const rejected = await db.all(`SELECT rowid - (SELECT min(rowid) FROM ${table}) AS r, raw, mode FROM ${table} WHERE mode IN ${modes} ORDER BY rowid`);
      for (const row of rejected) {
        const cells: SourceCell[] = ((row.raw ?? []) as (string | null)[]).map((c) => (c === null ? undefined : c));
        const text = cells.map((c) => c ?? "").join(",");
        read += mapRow(row.mode === "row" ? whole : one, source.kind, cells, Number(row.r) + 2, text, file, writer, quarantine) - (row.mode === "row" ? 0 : 1);
      }
    }
  } finally {
    quarantine.close();
  }
  return {
    done: true,
    stages,
    read: { file, encoding: options.encoding ?? "utf-8", sha256: options.sha256 ?? scan.sha256, read, rows, quarantined: quarantine.records, wheres: [file] },
  };
}

/** The first line's fields (split on commas; a quoted header shows up in the byte scan and sends the file to the record-by-record path). */
async function firstLine(path: string): Promise<string[] | undefined> {
  let head = "";
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 16 }) as AsyncIterable<string>) {
    head += chunk;
    const end = head.indexOf("\n");
    if (end >= 0)
      return head
        .slice(0, end)
        .replace(/^\uFEFF/, "")
        .replace(/\r$/, "")
        .split(",")
        .map((f) => f.trim());
    if (head.length > 1 << 20) return undefined;
  }
  return undefined;
}
