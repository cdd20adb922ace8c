/**
 * `creditclass backtest`: candidate models side by side over the same months.
 * @module
 */
import type { Period } from "@creditclass/core";
import { periodRange, RISK_CLASSES } from "@creditclass/core";
import { writeCsvFile } from "@creditclass/ingest";
import { indicatorSource } from "@creditclass/pipeline";
import type { BacktestRow, ModelSet } from "@creditclass/scoring";
import { backtest, DEFAULT_MODEL_SET, parseModel } from "@creditclass/scoring";
import { loadProvinceColumns } from "@creditclass/store";
import type { Command } from "commander";
import { readJsonFile } from "../json-file.js";
import { parseCount, parseMonth } from "../options.js";
import { withDatabase } from "../with-database.js";

/** Options of the backtest command. */
interface BacktestCommandOptions {
  readonly db: string;
  readonly from: Period;
  readonly to: Period;
  readonly model: string[];
  readonly default: boolean;
  readonly horizon: number;
  readonly out?: string;
}

const COLUMNS = ["candidate", "period", "enterprises", "auc", "ks", "gini", "rate_A", "rate_B", "rate_C", "rate_D", "violations", "psi", "stability"] as const;

/**
 * A backtest row as CSV cells.
 *
 * @param r - A row.
 * @returns Cells in {@link COLUMNS} order.
 * @example
 * backtestCells(row)[0] //=> "default"
 */
export function backtestCells(r: BacktestRow): (string | number)[] {
  const f = (v: number): string => (Number.isNaN(v) ? "" : v.toFixed(4));
  return [
    r.candidate,
    r.period,
    r.enterprises,
    f(r.ranking.auc),
    f(r.ranking.ks),
    f(r.ranking.gini),
    ...r.byClass.rates.map(f),
    r.byClass.violations.join("; "),
    f(r.psi),
    f(r.stability),
  ];
}

/**
 * Registers the command.
 *
 * @param program - The root command.
 * @example
 * registerBacktest(program);
 */
export function registerBacktest(program: Command): void {
  program
    .command("backtest")
    .description("compare models on the same months against the outcomes that followed (回测)")
    .requiredOption("--db <file>", "ingested DuckDB database")
    .requiredOption("--from <YYYY-MM>", "first month", parseMonth)
    .requiredOption("--to <YYYY-MM>", "last month", parseMonth)
    .option("--model <file.json>", "a candidate model or model set (repeatable)", (v: string, all: string[]) => [...all, v], [])
    .option("--no-default", "leave out the national default models")
    .option("--horizon <months>", "months after each month in which an adverse outcome counts", parseCount, 12)
    .option("--out <file.csv>", "write every row as CSV")
    .action(async (options: BacktestCommandOptions) => {
      const candidates: { name: string; models: ModelSet }[] = options.default ? [{ name: "default", models: DEFAULT_MODEL_SET }] : [];
      for (const file of options.model) {
        const models = parseModel(readJsonFile(file));
        candidates.push({ name: models.id, models });
      }
      const province = await withDatabase(options.db, (db) => loadProvinceColumns(db));
      const rows = backtest(province, candidates, {
        months: periodRange(options.from, options.to),
        horizon: options.horizon,
        indicatorsAt: indicatorSource(province),
      });
      console.log(`candidate            month     AUC     KS      ${RISK_CLASSES.map((c) => `rate ${c} `).join(" ")}  PSI     kept`);
      for (const r of rows) {
        const [, , , auc, ks, , a, b, c, d, violations, psi, stability] = backtestCells(r);
        console.log(
          `${r.candidate.padEnd(20)} ${r.period}  ${auc}  ${ks}  ${[a, b, c, d].map((v) => String(v).padEnd(7)).join(" ")} ${String(psi || "—").padEnd(7)} ${stability || "—"}${violations === "" ? "" : `  ⚠ ${violations}`}`,
        );
      }
      if (options.out !== undefined) {
        await writeCsvFile(options.out, COLUMNS, rows.map(backtestCells));
        console.log(`→ ${options.out}`);
      }
    });
}
