/**
 * One source of a mapping compiled against a file's header: each target field resolved to a
 * column index (or a constant, or the extraction date) once, so a row becomes raw creditclass
 * records with a few array reads, code lookups and date and amount conversions — and every
 * value that cannot be converted becomes an issue naming the source column and the value.
 * @module
 */
import type { Issue } from "@creditclass/core";
import type { CompiledCodeTable } from "./code-table.js";
import { compileCodeTable } from "./code-table.js";
import { normalizeHeader } from "./header-text.js";
import type { DateFormat, FieldRule, MappingSource, SourceMapping } from "./mapping-document.js";
import { AMOUNT_UNITS, DATE_FIELDS } from "./mapping-document.js";
import { convertAmount } from "./parse-amount.js";
import { parseSourceDate } from "./parse-date.js";

/** A cell as read: text (CSV, NDJSON), or a number, boolean or date (spreadsheets, NDJSON). */
export type SourceCell = string | number | boolean | Date | undefined;

/** A raw record a row yields, before validation. */
export interface MappedRecord {
  /** Target field → value (absent = missing). */
  readonly raw: Record<string, unknown>;
  /** Problems of converting the row's values (unknown codes, unreadable dates, amounts). */
  readonly issues: readonly Issue[];
  /** The target fields those problems are about (absent from `raw`). */
  readonly failed: readonly string[];
  /** Target field → the source column this record reads it from (two records of a row read different columns), for messages. */
  readonly columnOf: (field: string) => string;
}

/** A field resolved against a header. */
type Resolved =
  | { readonly field: string; readonly type: "constant"; readonly value: string }
  | {
      readonly field: string;
      readonly type: "column";
      /** Index in the header; -1 when the file lacks an optional column. */
      readonly index: number;
      readonly column: string;
      readonly codes: CompiledCodeTable | undefined;
      readonly unit: "元" | "万元" | undefined;
    };

/**
 * A source compiled for one file's header.
 * @category Mapping
 */
export interface CompiledSource {
  /** The records one row yields (several, or none when every record's `when` column is empty). */
  map(cells: readonly SourceCell[]): MappedRecord[];
}

/**
 * The alternatives of a column reference.
 *
 * @example
 * alternatives("注册号") //=> ["注册号"]
 */
export function alternatives(column: string | readonly string[]): readonly string[] {
  return typeof column === "string" ? [column] : column;
}

/**
 * The index of the first alternative present in a normalised header, or -1.
 *
 * @example
 * findColumn(["注册号", "企业名称"], ["统一社会信用代码", "注册号"]) //=> 0
 */
export function findColumn(header: readonly string[], column: string | readonly string[]): number {
  for (const alt of alternatives(column)) {
    const i = header.indexOf(normalizeHeader(alt));
    if (i >= 0) return i;
  }
  return -1;
}

/**
 * The header problems of a file for a source: every required column that none of its
 * alternatives names (optional columns may be absent).
 *
 * @param source - The source.
 * @param header - The file's header cells as written.
 * @returns One `missing_column` issue per column not found (without the file: the caller adds it).
 * @example
 * headerIssues(source, ["统一社会信用代码", "企业名称"]) //=> [{ code: "missing_column", field: "成立日期", … }, …]
 */
export function headerIssues(source: MappingSource, header: readonly string[]): Issue[] {
  const normalized = header.map((h) => normalizeHeader(String(h ?? "")));
  const issues: Issue[] = [];
  const seen = new Set<string>();
  const need = (column: string | readonly string[], what: string): void => {
    const names = alternatives(column);
    if (findColumn(normalized, column) >= 0 || seen.has(names.join("|"))) return;
    seen.add(names.join("|"));
    issues.push({
      code: "missing_column",
      line: 1,
      field: names[0] ?? "",
      expected: names.join(" or "),
      message: `the header has no column ${names.join(" or ")} (${what} of source ${source.id})`,
    });
  };
  for (const record of source.records) {
    if (record.when !== undefined) need(record.when.filled, "the when condition");
    for (const [field, rule] of Object.entries(record.fields)) if ("column" in rule && rule.optional !== true) need(rule.column, field);
  }
  return issues;
}

/**
 * Compiles a source for a header.
 *
 * @param mapping - The whole mapping (code tables, date formats).
 * @param source - The source.
 * @param header - The file's header cells as written.
 * @param extracted - The file's extraction date, when the source has one.
 * @returns The compiled source.
 * @example
 * compileSource(mapping, mapping.sources[0], ["统一社会信用代码", …], undefined).map(["91330100716105852F", …])
 * //=> [{ raw: { uscc: "91330100716105852F", … }, issues: [] }]
 */
export function compileSource(mapping: SourceMapping, source: MappingSource, header: readonly SourceCell[], extracted: string | undefined): CompiledSource {
  const normalized = header.map((h) => normalizeHeader(h === undefined ? "" : String(h)));
  const tables = new Map<string, CompiledCodeTable>();
  for (const [name, table] of Object.entries(mapping.codeTables)) tables.set(name, compileCodeTable(name, table));
  const formats: readonly DateFormat[] = source.dateFormats ?? mapping.dateFormats;
  const resolve = (field: string, rule: FieldRule): Resolved => {
    if ("constant" in rule) return { field, type: "constant", value: rule.constant };
    if ("extracted" in rule) return { field, type: "constant", value: extracted ?? "" };
    const index = findColumn(normalized, rule.column);
    const column = index >= 0 ? String(header[index] ?? "").trim() : (alternatives(rule.column)[0] ?? field);
    return { field, type: "column", index, column, codes: rule.codes === undefined ? undefined : tables.get(rule.codes), unit: rule.unit };
  };
  const records = source.records.map((record) => {
    const fields = Object.entries(record.fields).map(([field, rule]) => resolve(field, rule));
    const columns = new Map<string, string>();
    for (const f of fields) if (f.type === "column") columns.set(f.field, f.column);
    return {
      when: record.when === undefined ? undefined : findColumn(normalized, record.when.filled),
      fields,
      columnOf: (field: string): string => columns.get(field) ?? field,
    };
  });
  return {
    map(cells) {
      const out: MappedRecord[] = [];
      for (const record of records) {
        if (record.when !== undefined && isEmpty(cells[record.when])) continue;
        const raw: Record<string, unknown> = {};
        const issues: Issue[] = [];
        const failed: string[] = [];
        for (const f of record.fields) {
          if (f.type === "constant") {
            raw[f.field] = f.value;
            continue;
          }
          const cell = f.index < 0 ? undefined : cells[f.index];
          if (isEmpty(cell)) continue;
          const converted = convert(f, cell as Exclude<SourceCell, undefined>, formats);
          if (typeof converted === "string") raw[f.field] = converted;
          else {
            issues.push(converted);
            failed.push(f.field);
          }
        }
        out.push({ raw, issues, failed, columnOf: record.columnOf });
      }
      return out;
    },
  };
}

function isEmpty(cell: SourceCell): boolean {
  return cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

/** One cell to its creditclass value, or the issue naming the column, the value and why. */
function convert(f: Extract<Resolved, { type: "column" }>, cell: Exclude<SourceCell, undefined>, formats: readonly DateFormat[]): string | Issue {
  const shown = cell instanceof Date ? cell.toISOString() : String(cell);
  let value: string | number | Date = typeof cell === "boolean" ? String(cell) : typeof cell === "string" ? cell.trim() : cell;
  const at = `${f.column} (${f.field})`;
  if (f.codes !== undefined) {
    const found = f.codes.lookup(value instanceof Date ? shown : String(value));
    if (!found.ok)
      return {
        code: "invalid_enum",
        field: f.column,
        value: shown,
        expected: `a value of the code table ${f.codes.name}`,
        message: `${at} ${JSON.stringify(shown)} is not in the code table ${f.codes.name}`,
      };
    value = found.value;
  }
  if (DATE_FIELDS.has(f.field)) {
    const date = parseSourceDate(value, formats);
    if (date === undefined)
      return {
        code: "invalid_date",
        field: f.column,
        value: shown,
        expected: `a date as ${formats.join(", ")}`,
        message: `${at} ${JSON.stringify(shown)} is not a date in any of the formats ${formats.join(", ")}`,
      };
    return date;
  }
  const target = Object.hasOwn(AMOUNT_UNITS, f.field) ? AMOUNT_UNITS[f.field] : undefined;
  if (target !== undefined && !(value instanceof Date)) {
    const amount = convertAmount(value, f.unit ?? target, target);
    if (!amount.ok)
      return {
        code: "invalid_number",
        field: f.column,
        value: shown,
        expected: `an amount in ${f.unit ?? target}`,
        message: `${at} ${JSON.stringify(shown)} ${amount.message}`,
      };
    return amount.text;
  }
  // A report year is written 2023, 2023年 or 2023年度.
  if (f.field === "report_year" && typeof value === "string") return value.replace(/年度?$/, "");
  return value instanceof Date ? shown : String(value);
}
