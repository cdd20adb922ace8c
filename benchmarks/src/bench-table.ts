/**
 * Bring-your-own tables: a synthetic 100,000-row × 64-column warehouse export (heavy-tailed
 * ratios with outliers and missing values, counts, near-duplicates, noise, a categorical sector;
 * 10,000 rows at size 10k) loaded from CSV, then fitted with binning, selection and IRLS (the WoE
 * scorecard and the raw-value regression), and cross-validated in 5 folds. The load is measured
 * beside DuckDB's `read_csv` of the same file into columns (`@duckdb/node-api`, in memory, both
 * cores), in the same run.
 * @module
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadTableFile } from "@creditclass/ingest";
import { crossValidate, fitTable, syntheticTable } from "@creditclass/scoring";
import type { CreditDatabase } from "@creditclass/store";
import { openDatabase } from "@creditclass/store";
import { report, sizeArg, timed, timedMedian } from "./common.js";
import { referenceFolder } from "./python-reference.js";

const rows = sizeArg() === "10k" ? 10_000 : 100_000;
const columns = 64;
const path = join(referenceFolder(sizeArg(), `table-${rows}`), "table.csv");
writeFileSync(path, syntheticTable({ rows, columns, seed: "bench" }).csv());

const load = await timedMedian(3, () => loadTableFile(path, { id: "id", label: "adverse", month: "month", categorical: ["sector"] }));
const table = load.value;
const loadName = "table: load CSV into a frame";
report({
  name: loadName,
  units: rows,
  unit: "rows",
  seconds: load.seconds,
  target: "≤ 2× DuckDB read_csv's time (same run)",
  note: `${columns + 1} candidate columns; ${table.columns.reduce((s, c) => s + c.missing, 0)} missing cells; median of 3 (${load.all.map((s) => s.toFixed(2)).join(" / ")} s)`,
});
const db = await openDatabase(":memory:");
const duck = await timedMedian(3, () => duckdbColumns(db, path));
db.close();
report({
  name: "table reference: DuckDB read_csv into columns (@duckdb/node-api)",
  units: duck.value.rows,
  unit: "rows",
  seconds: duck.seconds,
  baselineOf: loadName,
  timeRatio: true,
  note: `${duck.value.columns.length} columns, type inference included, no validation; median of 3 (${duck.all.map((s) => s.toFixed(2)).join(" / ")} s)`,
});

const woe = await timedMedian(3, () => fitTable(table, { method: "woe" }));
report({
  name: `table: fit WoE scorecard (binning + selection + IRLS, ${rows / 1000}k × ${columns + 1})`,
  units: rows,
  unit: "rows",
  seconds: woe.seconds,
  target: "≤ 10 s for 100k × 64",
  note: `median of 3 (${woe.all.map((s) => s.toFixed(2)).join(" / ")} s); kept ${woe.value.kept.length}, dropped ${woe.value.dropped.length}; ${woe.value.fit.fit.iterations} IRLS iterations`,
});

const raw = await timedMedian(3, () => fitTable(table, { method: "raw" }));
report({
  name: `table: fit raw standardised regression (${rows / 1000}k × ${columns + 1})`,
  units: rows,
  unit: "rows",
  seconds: raw.seconds,
  target: "—",
  note: `median of 3; kept ${raw.value.kept.length} (binning still runs: it selects by IV)`,
});

const cv = await timed(() => [
  crossValidate(table, { method: "woe" }, { folds: 5, seed: "bench" }),
  crossValidate(table, { method: "raw" }, { folds: 5, seed: "bench" }),
]);
const [cvWoe, cvRaw] = cv.value;
report({
  name: "table: 5-fold cross-validation, both trainers",
  units: rows * 10,
  unit: "rows fitted",
  seconds: cv.seconds,
  target: "—",
  note: `pooled AUC: WoE scorecard ${cvWoe?.pooled.auc.toFixed(4)}, raw values ${cvRaw?.pooled.auc.toFixed(4)}`,
});

/**
 * DuckDB's `read_csv` of a file into columns, streamed chunk by chunk: each numeric vector's typed
 * array copied out whole (NULLs left as DuckDB's validity mask has them), text values one by one.
 */
async function duckdbColumns(db: CreditDatabase, file: string): Promise<{ rows: number; columns: (number[] | string[])[] }> {
  const result = await db.connection.stream(`SELECT * FROM read_csv('${file}', nullstr = ['', 'NA'])`);
  const parts: (Float64Array[] | string[])[] = result.columnNames().map(() => []);
  let rows = 0;
  for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    for (const [c, part] of parts.entries()) {
      const vector = chunk.getColumnVector(c);
      const items = (vector as unknown as { items?: unknown }).items;
      if (items instanceof Float64Array || items instanceof Int32Array || items instanceof BigInt64Array)
        (part as unknown[]).push(Float64Array.from(items instanceof BigInt64Array ? Array.from(items, Number) : items));
      else for (let i = 0; i < chunk.rowCount; i++) (part as string[]).push(String(vector.getItem(i) ?? ""));
    }
    rows += chunk.rowCount;
  }
  return { rows, columns: parts as (number[] | string[])[] };
}
