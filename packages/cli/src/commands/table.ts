/**
 * `creditclass fit|evaluate|score`: models on a bureau's own labelled table, without the event
 * ingestion — fit a WoE scorecard, a regression on raw values or monotone gradient-boosted trees
 * to a model document, evaluate
 * by stratified cross-validation or a time split with an HTML report, and score a table with a
 * model document (自有指标表建模).
 * @module
 */
import { availableParallelism } from "node:os";
import type { LabelledTable } from "@creditclass/core";
import { contentHash, ValidationError } from "@creditclass/core";
import type { TableOptions } from "@creditclass/ingest";
import { loadTableFile } from "@creditclass/ingest";
import type { FitTableGbmOptions, FitTableOptions, TableEvaluation, TableFit, TableGbmFit } from "@creditclass/scoring";
import { crossValidate, fitTable, fitTableGbm, timeSplit } from "@creditclass/scoring";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { oneOf, parseCount, parseLeaves, parsePositive, parseShare, UsageError } from "../options.js";
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
  readonly method?: "woe" | "raw" | "gbm" | "both" | "all";
  readonly l2?: number;
  readonly minIv?: number;
  readonly maxCorrelation?: number;
  readonly seed?: string;
  readonly trees?: number;
  readonly learningRate?: number;
  readonly maxDepth?: number;
  readonly maxLeaves?: number;
  readonly minSamplesLeaf?: number;
  readonly maxBins?: number;
  readonly monotone?: Record<string, -1 | 0 | 1>;
}

type Method = "woe" | "raw" | "gbm";

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

/** `a=1,b=-1` → directions; a direction other than −1, 0, 1 is a usage error. */
function parseMonotone(text: string): Record<string, -1 | 0 | 1> {
  const out: Record<string, -1 | 0 | 1> = {};
  for (const part of list(text)) {
    const m = /^([^=]+)=([+-]?[01])$/.exec(part);
    if (m === null) throw new InvalidArgumentError(`expected column=+1, column=-1 or column=0, got ${JSON.stringify(part)}`);
    out[(m[1] as string).trim()] = Number(m[2]) as -1 | 0 | 1;
  }
  return out;
}

function parseBins(text: string): number {
  const x = Number(text);
  if (!Number.isInteger(x) || x < 2 || x > 255) throw new InvalidArgumentError(`expected a whole number of bins from 2 to 255, got ${JSON.stringify(text)}`);
  return x;
}

function fitOptions(command: Command): Command {
  return command
    .option("--l2 <lambda>", "L2 penalty on the coefficients (scikit-learn's C = 1/λ)", parseNonNegative, 1)
    .option("--min-iv <iv>", "drop indicators with a lower information value", parseNonNegative, 0.02)
    .option("--max-correlation <r>", "drop the lower-IV one of two indicators correlated beyond this", parseShare, 0.9)
    .option("--trees <n>", "gbm: boosting iterations at most (early stopping keeps the best on a 20 % validation share)", parseCount, 200)
    .option("--learning-rate <eta>", "gbm: shrinkage of every tree", parsePositive, 0.1)
    .option("--max-depth <d>", "gbm: depth of a tree at most", parseCount, 6)
    .option("--max-leaves <n>", "gbm: leaves of a tree at most (grown best-first)", parseLeaves, 31)
    .option("--min-samples-leaf <n>", "gbm: training rows in a leaf at least", parseCount, 20)
    .option("--max-bins <n>", "gbm: quantile bins per column at most (2–255)", parseBins, 255)
    .option(
      "--monotone <a=1,b=-1>",
      "gbm: monotone directions on the log-odds of an adverse outcome (+1 never lowers the risk as the value rises, -1 never raises it, 0 free); catalog indicators get their direction by default",
      parseMonotone,
    );
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

/** A `--monotone` name that is not a column of the table, as a one-line error naming the file. */
function checkMonotone(options: TableCommandOptions, table: LabelledTable): void {
  const unknown = Object.keys(options.monotone ?? {}).filter((name) => !table.frame.has(name));
  if (unknown.length > 0)
    throw new ValidationError(
      unknown.map((name) => ({
        code: "invalid_value",
        file: options.table,
        field: name,
        message: "--monotone names a column the table does not have (or one left out by --ignore)",
        expected: "a candidate column of the table",
      })),
    );
}

function fitSettings(options: TableCommandOptions, method: Method): FitTableOptions | FitTableGbmOptions {
  if (method === "gbm")
    return {
      method,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.trees === undefined ? {} : { iterations: options.trees }),
      ...(options.learningRate === undefined ? {} : { learningRate: options.learningRate }),
      ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
      ...(options.maxLeaves === undefined ? {} : { maxLeaves: options.maxLeaves }),
      ...(options.minSamplesLeaf === undefined ? {} : { minSamplesLeaf: options.minSamplesLeaf }),
      ...(options.maxBins === undefined ? {} : { maxBins: options.maxBins }),
      ...(options.monotone === undefined ? {} : { monotone: options.monotone }),
      // Histograms summed on every core: the same model, not recorded in it.
      threads: availableParallelism(),
    };
  return {
    method,
    ...(options.l2 === undefined ? {} : { l2: options.l2 }),
    ...(options.minIv === undefined ? {} : { minIv: options.minIv }),
    ...(options.maxCorrelation === undefined ? {} : { maxCorrelation: options.maxCorrelation }),
  };
}

/** The indicators a fit left out, one line each. */
function printDropped(fitted: TableFit | TableGbmFit, prefix = ""): void {
  for (const d of fitted.dropped) console.log(`  ${prefix}dropped ${d.indicator} (${d.reason}): ${d.detail}`);
}

/** The boosted model's trees and monotone directions, in one line. */
function gbmSummary(fitted: TableGbmFit): string {
  const directions = Object.entries(fitted.monotone).map(([name, d]) => `${name} ${d.direction > 0 ? "+1" : "-1"} (${d.from})`);
  const r = fitted.report;
  const stop =
    r.validationRows > 0
      ? `best validation log-loss ${(r.validationLoss[r.bestIteration - 1] ?? Number.NaN).toFixed(5)} on ${r.validationRows} held-out rows`
      : "no validation share";
  return `${fitted.model.trees.length} trees kept of ${r.iterations} grown (${stop}); ${fitted.kept.length} features, monotone: ${directions.length === 0 ? "none" : directions.join(", ")}`;
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
    .description(
      "fit a model on your own labelled table: monotone binning, IV and correlation selection, L2 logistic regression, or monotone gradient-boosted trees → model document",
    )
    .option(
      "--method <woe|raw|gbm>",
      "woe: scorecard over the bins' weight of evidence; raw: standardised raw values; gbm: monotone gradient-boosted trees explained by TreeSHAP",
      oneOf(["woe", "raw", "gbm"] as const),
      "woe",
    )
    .option("--seed <text>", "gbm: seed of the early-stopping validation share", "creditclass")
    .requiredOption("--out <model.json>", "the model document to write")
    .action(async (options: TableCommandOptions & { out: string; method: Method }) => {
      const table = await load(options);
      if (options.method === "gbm") {
        checkMonotone(options, table);
        const boosted = fitTableGbm(table, fitSettings(options, "gbm") as FitTableGbmOptions);
        writeFileAtomic(options.out, `${JSON.stringify(boosted.model)}\n`);
        console.log(gbmSummary(boosted));
        printDropped(boosted);
        console.log(`hash ${contentHash(boosted.model)}; model → ${options.out}`);
        return;
      }
      const fitted = fitTable(table, fitSettings(options, options.method) as FitTableOptions);
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
    .option(
      "--method <woe|raw|gbm|both|all>",
      "which trainer(s) to evaluate (both: woe and raw; all: woe, raw and gbm)",
      oneOf(["woe", "raw", "gbm", "both", "all"] as const),
      "both",
    )
    .option("--folds <k>", "folds", parseCount, 5)
    .option("--seed <text>", "seed of the fold assignment (and of the gbm's early-stopping share)", "creditclass")
    .option("--time-split", "fit on the earlier months, test on the latest (needs --month)")
    .option("--report <file.html>", "HTML report (default: next to the table, .evaluation.html)")
    .action(async (options: TableCommandOptions & { folds: number; seed: string; timeSplit?: boolean; report?: string; method: Method | "both" | "all" }) => {
      if (options.timeSplit === true && options.month === undefined) throw new UsageError("--time-split needs --month");
      const table = await load(options);
      const methods: readonly Method[] = options.method === "both" ? ["woe", "raw"] : options.method === "all" ? ["woe", "raw", "gbm"] : [options.method];
      if (methods.includes("gbm")) checkMonotone(options, table);
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
        if (method === "gbm") {
          const boosted = fitTableGbm(table, fitSettings(options, "gbm") as FitTableGbmOptions);
          const trees = evaluations.gbm?.folds.map((f) => f.trees ?? 0) ?? [];
          console.log(`gbm: ${gbmSummary(boosted)} on all rows; trees per fold ${trees.join(", ")}`);
          printDropped(boosted, "gbm ");
          continue;
        }
        const fitted = fitTable(table, fitSettings(options, method) as FitTableOptions);
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
      const fit = fits.woe ?? fitTable(table, fitSettings(options, "woe") as FitTableOptions);
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
      "classify a table with any model document creditclass writes or ships (scorecard, logistic, hybrid, gradient-boosted trees, model set with overrides and selectors): id, score, probability, class, top reasons",
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
      console.log(`${result.rows} rows scored with ${result.model} (${counts}) → ${options.out}; model hash ${result.hash}`);
    });
}
