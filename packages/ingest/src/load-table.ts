/**
 * Bring-your-own tables: a labelled table a bureau already has (one row per enterprise, or per
 * enterprise and month) loaded into an `IndicatorFrame` without the event ingestion. An id column,
 * an optional 0/1 label, optional weight and month columns; every other column is a candidate
 * indicator. Blank, `?`, `NA`, `N/A`, `NULL`, `NaN` and `-` are missing values, counted per column;
 * a non-numeric column is either declared categorical (its categories become codes 0, 1, … in
 * sorted order, or the order of a dictionary given for scoring) or rejected with its name, line
 * and value. Files are CSV (UTF-8 or GB18030, detected) or NDJSON; DataFrames and plain objects
 * go through the same checks.
 *
 * A CSV file's candidate columns are parsed into numbers as the records arrive (`table-csv.ts`),
 * so only the columns read as text keep their cells as strings.
 * @module
 */
import type { ColumnSummary, Issue, LabelledTable, Period } from "@creditclass/core";
import { IndicatorFrame, safeParsePeriod, ValidationError } from "@creditclass/core";
import type { DataFrame } from "danfojs-node";
import type { NumberColumn } from "./table-csv.js";
import { MISSING_MARKERS, readTableCsv } from "./table-csv.js";
import type { TextEncodingName } from "./text-source.js";
import { readTextFile } from "./text-source.js";

export { MISSING_MARKERS } from "./table-csv.js";

/**
 * How to read a table.
 * @category Tables
 */
export interface TableOptions {
  /** The id column. */
  readonly id: string;
  /** The 0/1 outcome column (1 = adverse); required to fit and evaluate, absent to score. */
  readonly label?: string;
  /** Row weights. */
  readonly weight?: string;
  /** The month of each row (`YYYY-MM`, or a date whose month is taken), for time splits. */
  readonly month?: string;
  /** Non-numeric columns to encode as categories. */
  readonly categorical?: readonly string[];
  /** Fixed category dictionaries (from a fitted model); values outside them become missing. */
  readonly categories?: Readonly<Record<string, readonly string[]>>;
  /** Columns to leave out. */
  readonly ignore?: readonly string[];
  /** Read only these candidate columns (default: every column not named above), e.g. a model's features when scoring. */
  readonly columns?: readonly string[];
  /** File encoding (default `auto`). */
  readonly encoding?: TextEncodingName;
}

/** Cells of a table by column, with the line of each row (for messages). */
interface RawTable {
  readonly names: readonly string[];
  readonly cells: readonly (readonly unknown[])[];
  /** Columns already parsed into numbers while reading (by column index); their `cells` are empty. */
  readonly parsed?: readonly (NumberColumn | undefined)[];
  readonly lines: readonly number[];
  readonly source: string;
  readonly encoding?: "utf-8" | "gb18030";
}

/**
 * Loads a CSV (`.csv`, `.txt`) or NDJSON (`.ndjson`, `.jsonl`) file.
 *
 * @param path - The file.
 * @param options - Id, label, weight, month, categorical columns, encoding.
 * @returns The table.
 * @throws {ValidationError} Naming every missing column, every non-numeric column not declared categorical (with a line and value), every bad label, weight or month.
 * @example
 * const table = await loadTableFile("warehouse-export.csv", { id: "uscc", label: "adverse", month: "month", categorical: ["industry"] });
 * table.columns.find((c) => c.name === "debt_ratio") //=> { name: "debt_ratio", kind: "numeric", missing: 1204 }
 * @category Tables
 */
export async function loadTableFile(path: string, options: TableOptions): Promise<LabelledTable> {
  const source = readTextFile(path, options.encoding ?? "auto");
  const raw = /\.(nd)?jsonl?$/i.test(path) || /\.ndjson$/i.test(path) ? await readNdjson(path, source.chunks) : await readCsv(path, source.chunks, options);
  return buildTable({ ...raw, encoding: source.summary().encoding }, options);
}

/**
 * Loads plain objects (one per row).
 *
 * @param rows - The rows.
 * @param options - Id, label, weight, month, categorical columns.
 * @returns The table.
 * @throws {ValidationError} As {@link loadTableFile}; lines are row numbers from 1.
 * @example
 * tableFromObjects([{ id: "a", y: 1, ratio: 0.4 }, { id: "b", y: 0, ratio: "NA" }], { id: "id", label: "y" }).columns
 * //=> [{ name: "ratio", kind: "numeric", missing: 1 }]
 * @category Tables
 */
export function tableFromObjects(rows: readonly Record<string, unknown>[], options: TableOptions): LabelledTable {
  return buildTable({ ...columnsOf(rows), lines: rows.map((_, i) => i + 1), source: "objects" }, options);
}

/**
 * Loads a danfojs-node DataFrame.
 *
 * @param df - The DataFrame.
 * @param options - Id, label, weight, month, categorical columns.
 * @returns The table.
 * @throws {ValidationError} As {@link loadTableFile}; lines are row numbers from 1.
 * @example
 * await tableFromDataFrame(new DataFrame({ id: ["a", "b"], y: [1, 0], ratio: [0.4, null] }), { id: "id", label: "y" })
 * @category Tables
 */
export async function tableFromDataFrame(df: DataFrame, options: TableOptions): Promise<LabelledTable> {
  const names = [...df.columns];
  const cells = names.map((n) => df.column(n).values as unknown[]);
  return buildTable({ names, cells, lines: Array.from({ length: Number(df.shape[0]) }, (_, i) => i + 1), source: "dataframe" }, options);
}

/** A CSV file's columns: text for the columns read as text, numbers for the other candidates, nothing for the rest. */
async function readCsv(path: string, chunks: AsyncIterable<string>, options: TableOptions): Promise<RawTable> {
  const text = new Set([options.id, options.label, options.weight, options.month, ...(options.categorical ?? []), ...Object.keys(options.categories ?? {})]);
  const ignored = new Set(options.ignore ?? []);
  const only = options.columns === undefined ? undefined : new Set(options.columns);
  const read = await readTableCsv(path, chunks, { text, skipped: (n) => ignored.has(n) || (only !== undefined && !only.has(n)) });
  return { ...read, source: path };
}

async function readNdjson(path: string, chunks: AsyncIterable<string>): Promise<RawTable> {
  const rows: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const issues: Issue[] = [];
  let carry = "";
  let line = 0;
  const take = (text: string): void => {
    line++;
    if (text.trim() === "") return;
    try {
      const value = JSON.parse(text) as unknown;
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw new SyntaxError("not an object");
      rows.push(value as Record<string, unknown>);
      lines.push(line);
    } catch {
      issues.push({ code: "malformed_record", line, message: `${path}:${line}: not a JSON object`, expected: "one JSON object per line" });
    }
  };
  for await (const chunk of chunks) {
    const parts = (carry + chunk).split("\n");
    carry = parts.pop() ?? "";
    for (const p of parts) take(p);
  }
  if (carry !== "") take(carry);
  if (issues.length > 0) throw new ValidationError(issues.slice(0, 20));
  return { ...columnsOf(rows), lines, source: path };
}

/** Objects as columns: every key seen, in first-seen order. */
function columnsOf(rows: readonly Record<string, unknown>[]): { names: string[]; cells: unknown[][] } {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows)
    for (const key of Object.keys(row))
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
  return { names, cells: names.map((n) => rows.map((r) => r[n])) };
}

/** A cell as a number: NaN for a missing marker, undefined when it is not numeric. */
function numeric(v: unknown): number | undefined {
  if (v === null || v === undefined) return Number.NaN;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  const text = String(v).trim();
  if (MISSING_MARKERS.includes(text.toLowerCase())) return Number.NaN;
  const x = Number(text);
  return Number.isNaN(x) ? undefined : x;
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) || MISSING_MARKERS.includes(String(v).trim().toLowerCase());
}

function buildTable(raw: RawTable, options: TableOptions): LabelledTable {
  const issues: Issue[] = [];
  const lineOf = (row: number): number => raw.lines[row] ?? row + 1;
  const where = (row: number): string => `${raw.source}:${lineOf(row)}`;
  const cellIssue = (code: Issue["code"], field: string | undefined, row: number, value: unknown, what: string, expected: string): void => {
    issues.push({ code, field: field ?? "", line: lineOf(row), value, message: `${where(row)}: ${what}`, expected });
  };
  const column = (name: string | undefined): readonly unknown[] | undefined => {
    if (name === undefined) return undefined;
    const k = raw.names.indexOf(name);
    if (k < 0) {
      issues.push({
        code: "missing_column",
        field: name,
        message: `${raw.source}: no column ${name} (columns: ${raw.names.join(", ")})`,
        expected: `a column ${name}`,
      });
      return undefined;
    }
    return raw.cells[k];
  };
  const rows = raw.lines.length;
  const idCells = column(options.id);
  const labelCells = column(options.label);
  const weightCells = column(options.weight);
  const monthCells = column(options.month);
  for (const name of [...(options.categorical ?? []), ...Object.keys(options.categories ?? {}), ...(options.columns ?? [])]) column(name);
  if (issues.length > 0) throw new ValidationError(issues);

  const ids = (idCells ?? []).map((v) => String(v ?? "").trim());
  ids.forEach((id, r) => {
    if (id === "") cellIssue("missing_field", options.id, r, id, "empty id", "an id");
  });
  let label: Uint8Array | undefined;
  if (labelCells !== undefined) {
    label = new Uint8Array(rows);
    labelCells.forEach((v, r) => {
      const x = numeric(v);
      if (x === 0 || x === 1) (label as Uint8Array)[r] = x;
      else cellIssue("invalid_value", options.label, r, v, `label ${JSON.stringify(v)} is not 0 or 1`, "0 or 1");
    });
  }
  let weights: Float64Array | undefined;
  if (weightCells !== undefined) {
    weights = new Float64Array(rows);
    weightCells.forEach((v, r) => {
      const x = numeric(v);
      if (x !== undefined && x > 0 && Number.isFinite(x)) (weights as Float64Array)[r] = x;
      else cellIssue("invalid_number", options.weight, r, v, `weight ${JSON.stringify(v)} is not a positive number`, "a positive number");
    });
  }
  let months: Period[] | undefined;
  if (monthCells !== undefined) {
    months = monthCells.map((v, r) => {
      const parsed = safeParsePeriod(
        String(v ?? "")
          .trim()
          .slice(0, 7),
      );
      if (parsed.success) return parsed.data;
      cellIssue("invalid_period", options.month, r, v, `month ${JSON.stringify(v)} is not YYYY-MM`, "YYYY-MM or YYYY-MM-DD");
      return "0000-01" as Period;
    });
  }

  const reserved = new Set([options.id, options.label, options.weight, options.month, ...(options.ignore ?? [])]);
  const declared = new Set([...(options.categorical ?? []), ...Object.keys(options.categories ?? {})]);
  const columns = new Map<string, Float64Array>();
  const summaries: ColumnSummary[] = [];
  const categories: Record<string, readonly string[]> = {};
  const only = options.columns === undefined ? undefined : new Set(options.columns);
  raw.names.forEach((name, k) => {
    if (reserved.has(name) || (only !== undefined && !only.has(name))) return;
    const cells = raw.cells[k] as readonly unknown[];
    const pre = raw.parsed?.[k];
    let out: Float64Array = new Float64Array(rows);
    let missing = 0;
    if (pre !== undefined && !declared.has(name)) {
      if (pre.bad !== undefined) {
        const { row, value } = pre.bad;
        cellIssue(
          "invalid_number",
          name,
          row,
          value,
          `column ${name} is not numeric (${JSON.stringify(value)}); declare it categorical or leave it out`,
          "a number or a missing marker",
        );
        return;
      }
      out = pre.values.length === rows ? pre.values : pre.values.slice(0, rows);
      summaries.push({ name, kind: "numeric", missing: pre.missing });
    } else if (declared.has(name)) {
      const given = options.categories?.[name];
      const dictionary = given ?? [...new Set(cells.filter((v) => !isMissing(v)).map((v) => String(v).trim()))].sort();
      const code = new Map(dictionary.map((c, i) => [c, i] as const));
      cells.forEach((v, r) => {
        const c = isMissing(v) ? undefined : code.get(String(v).trim());
        out[r] = c ?? Number.NaN;
        if (c === undefined) missing++;
      });
      categories[name] = dictionary;
      summaries.push({ name, kind: "categorical", missing, categories: dictionary });
    } else {
      for (let r = 0; r < rows; r++) {
        const x = numeric(cells[r]);
        if (x === undefined) {
          cellIssue(
            "invalid_number",
            name,
            r,
            cells[r],
            `column ${name} is not numeric (${JSON.stringify(cells[r])}); declare it categorical or leave it out`,
            "a number or a missing marker",
          );
          return;
        }
        if (Number.isNaN(x)) missing++;
        out[r] = x;
      }
      summaries.push({ name, kind: "numeric", missing });
    }
    columns.set(name, out);
  });
  if (issues.length > 0) throw new ValidationError(issues.slice(0, 50));
  return {
    frame: IndicatorFrame.fromColumns({ ids, columns }),
    ...(label === undefined ? {} : { label }),
    ...(weights === undefined ? {} : { weights }),
    ...(months === undefined ? {} : { months }),
    columns: summaries,
    categories,
    rows,
    source: raw.source,
    ...(raw.encoding === undefined ? {} : { encoding: raw.encoding }),
  };
}
