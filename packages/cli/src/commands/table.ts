/**
 * `creditclass fit|evaluate|score`: models on a bureau's own labelled table, without the event
 * ingestion — fit a WoE scorecard (or a regression on raw values) to a model document, evaluate
 * by stratified cross-validation or a time split with an HTML report, and score a table with a
 * model document (自有指标表建模).
 * @module
 */
import type { LabelledTable } from "@creditclass/core";
import { ValidationError } from "@creditclass/core";
import type { TableOptions } from "@creditclass/ingest";
import { loadTableFile } from "@creditclass/ingest";
import type { FitTableOptions, TableEvaluation, TableFit } from "@creditclass/scoring";
import { crossValidate, fitTable, timeSplit } from "@creditclass/scoring";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { oneOf, parseCount, parseShare, UsageError } from "../options.js";
import { writeFileAtomic } from "../output-folder.js";
import { chartJsSource } from "../report-html.js";
import { scoreTableFile } from "../score-table.js";
import { renderTableReportHtml } from "../table-report-html.js";

/** Options every table command shares. */
interface TableCommandOptions {
  readonly table: string;
  readonly id: string;
  readonly label?: string;
  readonly month?: string;
  readonly weight?: string;
  readonly categorical?: string[];
  readonly ignore?: string[];
  readonly method?: "woe" | "raw" | "both";
  readonly l2?: number;
  readonly minIv?: number;
  readonly maxCorrelation?: number;
}

const list = (text: string): string[] =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

function parseNonNegative(text: string): number {
  const x = Number(text);
  if (!Number.isFinite(x) || x < 0) throw new InvalidArgumentError(`expected a number ≥ 0, got ${JSON.stringify(text)}`);
  return x;
}

function tableOptions(command: Command, withLabel: boolean): Command {
  command
    .requiredOption("--table <file>", "the table: CSV (UTF-8 or GB18030) or NDJSON, one row per enterprise (or enterprise and month)")
    .requiredOption("--id <column>", "the id column");
  if (withLabel) command.requiredOption("--label <column>", "the 0/1 outcome column (1 = adverse)");
  return command
    .option("--month <column>", "month column (YYYY-MM), for time splits")
    .option("--weight <column>", "row weight column")
    .option("--categorical <a,b>", "non-numeric columns to treat as categories", list)
    .option("--ignore <a,b>", "columns to leave out", list);
}

function fitOptions(command: Command): Command {
  return command
    .option("--l2 <lambda>", "L2 penalty on the coefficients (scikit-learn's C = 1/λ)", parseNonNegative, 1)
    .option("--min-iv <iv>", "drop indicators with a lower information value", parseNonNegative, 0.02)
    .option("--max-correlation <r>", "drop the lower-IV one of two indicators correlated beyond this", parseShare, 0.9);
}

async function load(options: TableCommandOptions): Promise<LabelledTable> {
  const read: TableOptions = {
    id: options.id,
    ...(options.label === undefined ? {} : { label: options.label }),
    ...(options.month === undefined ? {} : { month: options.month }),
    ...(options.weight === undefined ? {} : { weight: options.weight }),
    ...(options.categorical === undefined ? {} : { categorical: options.categorical }),
    ...(options.ignore === undefined ? {} : { ignore: options.ignore }),
  };
  const table = await loadTableFile(options.table, read);
  const positives = table.label?.reduce((s, v) => s + v, 0);
  if (positives !== undefined && (positives === 0 || positives === table.rows))
    throw new ValidationError([
      {
        code: "invalid_value",
        file: options.table,
        field: options.label as string,
        message: `the label has one class (${positives === 0 ? "0" : "1"} in all ${table.rows} rows): a model needs both 0 and 1`,
        expected: "both outcomes, 0 and 1",
      },
    ]);
  console.log(
    `${table.source}: ${table.rows} rows${positives === undefined ? "" : `, ${positives} adverse`}${table.encoding === undefined ? "" : ` (${table.encoding})`}; ${table.columns.length} candidate indicators`,
  );
  for (const c of table.columns.filter((c) => c.missing > 0 || c.kind === "categorical"))
    console.log(
      `  ${c.name.padEnd(28)} ${c.kind.padEnd(11)} missing ${String(c.missing).padStart(7)}${c.categories === undefined ? "" : `  ${c.categories.length} categories`}`,
    );
  return table;
}

function fitSettings(options: TableCommandOptions, method: "woe" | "raw"): FitTableOptions {
  return {
    method,
    ...(options.l2 === undefined ? {} : { l2: options.l2 }),
    ...(options.minIv === undefined ? {} : { minIv: options.minIv }),
    ...(options.maxCorrelation === undefined ? {} : { maxCorrelation: options.maxCorrelation }),
  };
}

/** The indicators a fit left out, one line each. */
function printDropped(fitted: TableFit, prefix = ""): void {
  for (const d of fitted.dropped) console.log(`  ${prefix}dropped ${d.indicator} (${d.reason}): ${d.detail}`);
}

/** How the raw trainer treats extreme values (its model document records the same). */
function winsorisingNote(fitted: TableFit): string | undefined {
  const w = fitted.model.training?.winsorised as { lower: number; upper: number } | undefined;
  return w === undefined
    ? undefined
    : `raw values standardised on winsorised statistics: capped at the ${100 * w.lower} % and ${100 * w.upper} % quantiles (type 7), in training and in scoring`;
}

/**
 * Registers `fit`, `evaluate` and `score`.
 *
 * @param program - The root command.
 * @example
 * registerTable(program);
 */
export function registerTable(program: Command): void {
  fitOptions(tableOptions(program.command("fit"), true))
    .description("fit a model on your own labelled table: monotone binning, IV and correlation selection, L2 logistic regression → model document")
    .option("--method <woe|raw>", "woe: scorecard over the bins' weight of evidence; raw: standardised raw values", oneOf(["woe", "raw"] as const), "woe")
    .requiredOption("--out <model.json>", "the model document to write")
    .action(async (options: TableCommandOptions & { out: string; method: "woe" | "raw" }) => {
      const table = await load(options);
      const fitted = fitTable(table, fitSettings(options, options.method));
      writeFileAtomic(options.out, `${JSON.stringify(fitted.model, null, 2)}\n`);
      console.log(`kept ${fitted.kept.length}: ${fitted.model.features.map((f) => `${f.indicator} ${f.coefficient.toFixed(3)}`).join(", ")}`);
      printDropped(fitted);
      const note = winsorisingNote(fitted);
      if (note !== undefined) console.log(note);
      console.log(
        `intercept ${fitted.model.intercept.toFixed(4)}, ${fitted.fit.fit.iterations} IRLS iterations, converged ${fitted.fit.fit.converged}; model → ${options.out}`,
      );
      if (!fitted.converged)
        console.log(
          `warning: IRLS did not converge in ${fitted.fit.fit.iterations} iterations; the model holds the best coefficients found (a larger --l2 usually helps)`,
        );
    });

  fitOptions(tableOptions(program.command("evaluate"), true))
    .description("cross-validate (stratified, seeded) or time-split models on your own table: AUC, KS, Gini, Brier, calibration, and an HTML report")
    .option("--method <woe|raw|both>", "which trainer(s) to evaluate", oneOf(["woe", "raw", "both"] as const), "both")
    .option("--folds <k>", "folds", parseCount, 5)
    .option("--seed <text>", "seed of the fold assignment", "creditclass")
    .option("--time-split", "fit on the earlier months, test on the latest (needs --month)")
    .option("--report <file.html>", "HTML report (default: next to the table, .evaluation.html)")
    .action(async (options: TableCommandOptions & { folds: number; seed: string; timeSplit?: boolean; report?: string; method: "woe" | "raw" | "both" }) => {
      if (options.timeSplit === true && options.month === undefined) throw new UsageError("--time-split needs --month");
      const table = await load(options);
      const methods = options.method === "both" ? (["woe", "raw"] as const) : [options.method];
      const evaluations: Record<string, TableEvaluation> = {};
      for (const method of methods) {
        const settings = fitSettings(options, method);
        evaluations[method] =
          options.timeSplit === true ? timeSplit(table, settings) : crossValidate(table, settings, { folds: options.folds, seed: options.seed });
      }
      console.log(`${"method".padEnd(7)} ${"fold".padEnd(7)} ${"test rows".padStart(9)}  AUC     KS      Gini    Brier`);
      for (const [method, e] of Object.entries(evaluations)) {
        const line = (fold: string, rows: number, m: TableEvaluation["pooled"]) =>
          console.log(
            `${method.padEnd(7)} ${fold.padEnd(7)} ${String(rows).padStart(9)}  ${[m.auc, m.ks, m.gini, m.brier].map((x) => x.toFixed(4)).join("  ")}`,
          );
        for (const f of e.folds) line(`${f.fold + 1}`, f.testRows, f.metrics);
        line(
          "pooled",
          e.folds.reduce((s, f) => s + f.testRows, 0),
          e.pooled,
        );
      }
      // Each method's model on all rows: what it leaves out, and why (the WoE one also for the binning charts).
      const fits: Record<string, TableFit> = {};
      for (const method of methods) {
        const fitted = fitTable(table, fitSettings(options, method));
        fits[method] = fitted;
        console.log(`${method}: kept ${fitted.kept.length} of ${table.columns.length} on all rows`);
        printDropped(fitted, `${method} `);
        const note = winsorisingNote(fitted);
        if (note !== undefined) console.log(`${method}: ${note}`);
      }
      for (const [method, e] of Object.entries(evaluations)) {
        const stalled = e.folds.filter((f) => !f.converged).map((f) => f.fold + 1);
        if (stalled.length > 0)
          console.log(`warning: ${method}: IRLS did not converge in fold ${stalled.join(", ")}; those folds use the best coefficients found`);
      }
      if (!Object.values(fits).every((f) => f.converged))
        console.log("warning: IRLS did not converge on all rows; the model holds the best coefficients found");
      const fit = fits.woe ?? fitTable(table, fitSettings(options, "woe"));
      const report = options.report ?? `${options.table.replace(/\.(csv|txt|ndjson|jsonl)$/i, "")}.evaluation.html`;
      const label = table.label as Uint8Array;
      writeFileAtomic(
        report,
        renderTableReportHtml(
          { source: table.source, rows: table.rows, positives: label.reduce((s, v) => s + v, 0), evaluations, fit, fits, label, categories: table.categories },
          chartJsSource(),
        ),
      );
      console.log(`${Object.values(evaluations)[0]?.design}; report → ${report}`);
    });

  tableOptions(program.command("score"), false)
    .description(
      "classify a table with any model document creditclass writes or ships (scorecard, logistic, hybrid, model set with overrides and selectors): id, score, probability, class, top reasons",
    )
    .requiredOption(
      "--model <model.json>",
      "a model document or model set; the table needs every column it reads (selectors: entity_type, industry, tags; overrides: e.g. is_revoked) — creditclass indicators --out writes them all. The class needs no history: overrides read this month's columns only",
    )
    .requiredOption("--out <file.csv>", "scores to write")
    .action(async (options: TableCommandOptions & { model: string; out: string }) => {
      const result = await scoreTableFile(options);
      const counts = Object.entries(result.counts)
        .map(([c, n]) => `${c} ${n}`)
        .join(", ");
      console.log(`${result.rows} rows scored with ${result.model} (${counts}) → ${options.out}`);
    });
}
