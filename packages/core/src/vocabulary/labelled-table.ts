/**
 * A labelled table of candidate indicators — a bureau's own warehouse export, loaded by
 * `@creditclass/ingest` and fitted by `@creditclass/scoring` — as columns.
 * @module
 */
import type { IndicatorFrame } from "../indicator-frame.js";
import type { Period } from "../period.js";

/**
 * What the load found in one candidate column.
 *
 * @example
 * const summary: ColumnSummary = { name: "debt_ratio", kind: "numeric", missing: 12 };
 * @category Tables
 */
export interface ColumnSummary {
  readonly name: string;
  readonly kind: "numeric" | "categorical";
  readonly missing: number;
  /** Categories in code order (categorical columns). */
  readonly categories?: readonly string[];
}

/**
 * A loaded table.
 *
 * @example
 * const table: LabelledTable = loadTableFile("export.csv", { id: "uscc", label: "adverse" });
 * table.frame.rowCount //=> 100_000
 * @category Tables
 */
export interface LabelledTable {
  /** Candidate indicators (categorical columns as codes), one row per table row. */
  readonly frame: IndicatorFrame;
  /** 0/1 per row, when a label column was named. */
  readonly label?: Uint8Array;
  readonly weights?: Float64Array;
  readonly months?: readonly Period[];
  readonly columns: readonly ColumnSummary[];
  /** Category dictionaries of the categorical columns (code k = categories[k]). */
  readonly categories: Readonly<Record<string, readonly string[]>>;
  readonly rows: number;
  /** Where it came from (file, `objects`, `dataframe`) and, for files, the encoding. */
  readonly source: string;
  readonly encoding?: "utf-8" | "gb18030";
}
