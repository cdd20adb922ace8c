/**
 * `creditclass report`: a classified month as one HTML file with charts that opens in a browser
 * with no server.
 * @module
 */
import type { Period } from "@creditclass/core";
import { monthReport } from "@creditclass/pipeline";
import { DEFAULT_MODEL_SET, parseModel } from "@creditclass/scoring";
import type { Command } from "commander";
import { readJsonFile } from "../json-file.js";
import { parseCount, parseMonth } from "../options.js";
import { writeFileAtomic } from "../output-folder.js";
import { chartJsSource, renderReportHtml } from "../report-html.js";
import { withDatabase } from "../with-database.js";

/** Options of the report command. */
interface ReportOptions {
  readonly db: string;
  readonly period: Period;
  readonly model?: string;
  readonly horizon: number;
  readonly out: string;
}

/**
 * Registers the command.
 *
 * @param program - The root command.
 * @example
 * registerReport(program);
 */
export function registerReport(program: Command): void {
  program
    .command("report")
    .description("an HTML report of a classified month: classes, scores, ROC, adverse rates, migration, regions (分析报告)")
    .requiredOption("--db <file>", "database with the month classified")
    .requiredOption("--period <YYYY-MM>", "the month", parseMonth)
    .option("--model <file.json>", "the models the month was classified with (default: the national default models)")
    .option("--horizon <months>", "outcome window of the validation month (the month this many months earlier)", parseCount, 12)
    .requiredOption("--out <report.html>", "HTML file to write")
    .action(async (options: ReportOptions) => {
      const models = options.model === undefined ? DEFAULT_MODEL_SET : parseModel(readJsonFile(options.model));
      const report = await withDatabase(options.db, (db) => monthReport(db, options.period, models, { horizon: options.horizon }));
      writeFileAtomic(options.out, renderReportHtml(report, chartJsSource()));
      const v = report.validation;
      console.log(
        `report ${options.period} → ${options.out}${v === null ? "" : ` (validation ${v.period}: AUC per model part ${v.parts.map((p) => `${p.model} ${p.auc.toFixed(3)}`).join(", ")}; class AUC ${v.auc.toFixed(3)}, adverse rate A→D ${v.adverseRates.map((r) => r.toFixed(3)).join(" / ")}, D/A lift ${v.lift.toFixed(2)})`}`,
      );
    });
}
