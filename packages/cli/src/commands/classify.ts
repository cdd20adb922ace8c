/**
 * `creditclass classify`: the monthly classification of every enterprise in a database, stored
 * with its model hash and input fingerprint and written to CSV.
 * @module
 */
import type { Period } from "@creditclass/core";
import { RISK_CLASSES } from "@creditclass/core";
import { writeCsvFile } from "@creditclass/ingest";
import type { MonthResult } from "@creditclass/pipeline";
import { classifyMonth } from "@creditclass/pipeline";
import { classificationRow, DEFAULT_MODEL_SET, parseModel } from "@creditclass/scoring";
import type { Command } from "commander";
import { readJsonFile } from "../json-file.js";
import { parseCount, parseMonth } from "../options.js";
import { withDatabase } from "../with-database.js";

/** Columns of the class table CSV. */
export const CLASS_TABLE_COLUMNS = [
  "uscc",
  "period",
  "class",
  "score",
  "probability",
  "scored_class",
  "previous_class",
  "change",
  "model",
  "override",
  "reasons",
  "missing",
] as const;

/** Options of the classify command. */
interface ClassifyOptions {
  readonly db: string;
  readonly period: Period;
  readonly model?: string;
  readonly out?: string;
  readonly reasons: number;
}

/**
 * Registers the command.
 *
 * @param program - The root command.
 * @example
 * registerClassify(program);
 */
export function registerClassify(program: Command): void {
  program
    .command("classify")
    .description("classify every enterprise for a month and store the result in the database (月度分类)")
    .requiredOption("--db <file>", "ingested DuckDB database")
    .requiredOption("--period <YYYY-MM>", "the month", parseMonth)
    .option("--model <file.json>", "model or model set (default: the national default models)")
    .option("--out <file.csv>", "class table to write: uscc, period, class, score, probability, …, reasons")
    .option("--reasons <n>", "top reasons per enterprise", parseCount, 3)
    .action(async (options: ClassifyOptions) => {
      const models = options.model === undefined ? DEFAULT_MODEL_SET : parseModel(readJsonFile(options.model));
      await withDatabase(options.db, async (db) => {
        const started = performance.now();
        const result = await classifyMonth(db, options.period, { models, reasonCount: options.reasons });
        const classified = performance.now();
        if (options.out !== undefined) await writeClassTable(options.out, result);
        for (const line of formatMonthResult(result, (classified - started) / 1000)) console.log(line);
        if (options.out !== undefined) console.log(`class table → ${options.out}`);
      });
    });
}

/**
 * Writes a month's result as the class table CSV.
 *
 * @param path - CSV file.
 * @param result - From `classifyMonth`.
 * @returns Rows written.
 * @example
 * await writeClassTable("classes-2026-10.csv", result) //=> 100_000
 */
export async function writeClassTable(path: string, result: MonthResult): Promise<number> {
  const { classification: c, frame } = result;
  // One row at a time: a million row objects never exist together.
  function* rows(): Generator<unknown[]> {
    for (let r = 0; r < c.count; r++) {
      const row = classificationRow(c, frame, r);
      yield CLASS_TABLE_COLUMNS.map((k) => row[k]);
    }
  }
  return writeCsvFile(path, CLASS_TABLE_COLUMNS, rows());
}

/**
 * A month's result in a few lines: counts and shares per class, overrides, model and input hashes.
 *
 * @param result - From `classifyMonth`.
 * @param seconds - Time taken.
 * @returns Lines to print.
 * @example
 * formatMonthResult(result, 1.2)[0] //=> "2026-10: 100000 enterprises — A 61201 (61.2 %), B …"
 */
export function formatMonthResult(result: MonthResult, seconds: number): string[] {
  const { run, classification: c } = result;
  const n = Math.max(1, run.enterprises);
  const shares = run.counts.map((k, i) => `${RISK_CLASSES[i]} ${k} (${((100 * k) / n).toFixed(1)} %)`).join(", ");
  let overridden = 0;
  for (const o of c.override) if (o >= 0) overridden++;
  return [
    `${run.period}: ${run.enterprises} enterprises — ${shares}; ${overridden} changed by an override (${seconds.toFixed(1)} s)`,
    `model set ${run.modelSet} ${run.modelHash.slice(0, 12)}…, input ${run.inputFingerprint.slice(0, 12)}…`,
  ];
}
