/**
 * The one bridge between danfojs-node DataFrames and creditclass: indicator frames to and from
 * DataFrames (for data scientists), and ingestion of a DataFrame of records. danfojs-node (with
 * TensorFlow.js) takes seconds to load, so it is imported only when one of these is called.
 * @module
 */
import type { IndicatorMeta, Issue, Period } from "@creditclass/core";
import { IndicatorFrame, ValidationError } from "@creditclass/core";
import type { CreditDatabase } from "@creditclass/store";
import type { DataFrame } from "danfojs-node";
import type { FileSummary } from "./ingest.js";
import { ingestObjects } from "./ingest.js";
import type { RecordKind } from "./schemas.js";

/**
 * Converts an indicator frame to a DataFrame: an id column, then one column per indicator (NaN for missing).
 *
 * @param frame - The frame.
 * @param options - `id`: name of the id column (default `uscc`).
 * @returns A new DataFrame.
 * @example
 * const df = await toDataFrame(frame);
 * df.columns //=> ["uscc", "age_months", …]
 * @category DataFrames
 */
export async function toDataFrame(frame: IndicatorFrame, options: { readonly id?: string } = {}): Promise<DataFrame> {
  const { DataFrame: DataFrameClass } = await import("danfojs-node");
  const data: Record<string, (string | number)[]> = { [options.id ?? "uscc"]: [...frame.ids()] };
  for (const name of frame.columnNames) data[name] = Array.from(frame.column(name));
  return new DataFrameClass(data);
}

/**
 * Reads a DataFrame into an indicator frame: the id column becomes the ids, every other column must be numeric.
 *
 * @param df - The DataFrame.
 * @param options - `id` column (default `uscc`), metadata, period.
 * @returns The frame (columns copied into `Float64Array`s; null and undefined become NaN).
 * @throws {ValidationError} `missing_column` without the id column; `invalid_number` naming each non-numeric column.
 * @example
 * const frame = await fromDataFrame(df, { id: "uscc" });
 * @category DataFrames
 */
export async function fromDataFrame(
  df: DataFrame,
  options: { readonly id?: string; readonly meta?: readonly IndicatorMeta[]; readonly period?: Period } = {},
): Promise<IndicatorFrame> {
  const idName = options.id ?? "uscc";
  const names = df.columns;
  if (!names.includes(idName)) {
    throw new ValidationError([
      {
        code: "missing_column",
        field: idName,
        expected: `an id column ${idName}`,
        message: `the DataFrame has no column ${idName} (columns: ${names.join(", ")})`,
      },
    ]);
  }
  const ids = (df.column(idName).values as unknown[]).map(String);
  const columns = new Map<string, Float64Array>();
  const issues: Issue[] = [];
  for (const name of names) {
    if (name === idName) continue;
    const values = df.column(name).values as unknown[];
    const out = new Float64Array(values.length);
    let bad: unknown;
    values.forEach((v, i) => {
      if (v === null || v === undefined) out[i] = Number.NaN;
      else if (typeof v === "number") out[i] = v;
      else if (typeof v === "boolean") out[i] = v ? 1 : 0;
      else bad ??= v;
    });
    if (bad !== undefined)
      issues.push({
        code: "invalid_number",
        field: name,
        value: bad,
        expected: "a numeric column",
        message: `column ${name} is not numeric (found ${JSON.stringify(bad)})`,
      });
    columns.set(name, out);
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return IndicatorFrame.fromColumns({ ids, columns, ...(options.meta ? { meta: options.meta } : {}), ...(options.period ? { period: options.period } : {}) });
}

/**
 * Ingests a DataFrame of records (one row per record, columns named as in the CSV files).
 *
 * @param db - The database.
 * @param kind - What the rows are.
 * @param df - The DataFrame.
 * @param options - `source` names it in quarantine and summaries (default `dataframe`).
 * @returns The counts, as for a file.
 * @example
 * await ingestDataFrame(db, "events", df, { source: "warehouse-export" });
 * @category DataFrames
 */
export async function ingestDataFrame(db: CreditDatabase, kind: RecordKind, df: DataFrame, options: { readonly source?: string } = {}): Promise<FileSummary> {
  const names = df.columns;
  const columns = names.map((n) => df.column(n).values as unknown[]);
  const rows = df.shape[0] ?? 0;
  const objects: Record<string, unknown>[] = [];
  for (let r = 0; r < rows; r++) {
    const o: Record<string, unknown> = {};
    names.forEach((n, c) => {
      const v = columns[c]?.[r];
      if (v !== null && v !== undefined && !(typeof v === "number" && Number.isNaN(v))) o[n] = v;
    });
    objects.push(o);
  }
  return ingestObjects(db, kind, objects, { source: options.source ?? "dataframe" });
}
