/**
 * `creditclass backtest`: candidate models side by side over the same months — AUC and KS per
 * model part (each part on its own score scale), and by final class the adverse rate, violations
 * and the D-to-A lift.
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

/**
 * One CSV row per candidate, month and model part: the part's ranking (`part`, `part_enterprises`,
 * `auc`, `ks`, `gini`, on its own score scale), then the candidate's figures by final class over
 * all parts (repeated on each part's row).
 */
const COLUMNS = [
  "candidate",
  "period",
  "enterprises",
  "part",
  "part_enterprises",
  "auc",
  "ks",
  "gini",
  "class_auc",
  "rate_A",
  "rate_B",
  "rate_C",
  "rate_D",
  "lift_D_A",
  "violations",
  "psi",
  "stability",
] as const;

/**
 * A backtest row as CSV rows, one per model part.
 *
 * @param r - A row.
 * @returns Rows of cells in {@link COLUMNS} order.
 * @example
 * backtestCells(row).map((cells) => cells[3]) //=> ["national-general", "national-individual"]
 */
export function backtestCells(r: BacktestRow): (string | number)[][] {
  const f = (v: number): string => (Number.isNaN(v) ? "" : v.toFixed(4));
  return r.parts.map((p) => [
    r.candidate,
    r.period,
    r.enterprises,
    p.id,
    p.rows,
    f(p.ranking.auc),
    f(p.ranking.ks),
    f(p.ranking.gini),
    f(r.classRanking.auc),
    ...r.byClass.rates.map(f),
    f(r.byClass.lift),
    r.byClass.violations.join("; "),
    f(r.psi),
    f(r.stability),
  ]);
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
      const f = (v: number): string => (Number.isNaN(v) ? "—" : v.toFixed(4));
      console.log(
        `candidate            month    AUC / KS per model part (each on its own scale)        ${RISK_CLASSES.map((c) => `rate ${c} `).join(" ")}  D/A    PSI     kept`,
      );
      for (const r of rows) {
        const parts = r.parts.map((p) => `${p.id} ${f(p.ranking.auc)} / ${f(p.ranking.ks)}`).join(", ");
        console.log(
          `${r.candidate.padEnd(20)} ${r.period}  ${parts.padEnd(54)} ${r.byClass.rates.map((v) => f(v).padEnd(7)).join(" ")} ${f(r.byClass.lift).slice(0, 5).padEnd(6)} ${f(r.psi).padEnd(7)} ${f(r.stability)}${r.byClass.violations.length === 0 ? "" : `  ⚠ ${r.byClass.violations.join("; ")}`}`,
        );
        if (r.overrides.length > 0)
          console.log(
            `${"".padEnd(30)}overrides (moved, their rate vs the class's rate without overrides): ${r.overrides
              .map((e) => `${e.rule} → ${RISK_CLASSES[e.to]} ${e.moved} at ${f(e.rate)} vs ${f(e.classRate)}`)
              .join("; ")}`,
          );
      }
      if (options.out !== undefined) {
        await writeCsvFile(options.out, COLUMNS, rows.flatMap(backtestCells));
        console.log(`→ ${options.out}`);
      }
    });
}
