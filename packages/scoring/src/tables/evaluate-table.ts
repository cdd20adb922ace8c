/**
 * Evaluating a table model honestly: stratified k-fold cross-validation (folds dealt from a seeded
 * shuffle of each outcome separately, so every fold has the table's adverse rate) and, when the
 * table has a month column, a time split (fit on the earlier months, test on the latest). Every
 * fold refits binning, selection and coefficients on its training rows only and scores its test
 * rows through the model document, so what is measured is what would be deployed. Reported: AUC,
 * KS, Gini, Brier score per fold and pooled over the out-of-fold predictions, and calibration by
 * decile.
 * @module
 */
import type { LabelledTable, Period } from "@creditclass/core";
import { createRandom, seedWords } from "@creditclass/core";
import { classifyFrame } from "../classes/classify-frame.js";
import type { ScoreMetrics } from "../evaluation/metrics.js";
import { scoreMetrics } from "../evaluation/metrics.js";
import type { GbmModelDocument } from "../gbm/gbm-schema.js";
import { predictGbm } from "../gbm/predict-gbm.js";
import type { LogisticModelDocument } from "../model/model-schema.js";
import { parseModel } from "../model/parse-model.js";
import type { DroppedIndicator, FitTableOptions, TableFit } from "./fit-table.js";
import { fitTable, tableError } from "./fit-table.js";
import type { FitTableGbmOptions } from "./fit-table-gbm.js";
import { fitTableGbm } from "./fit-table-gbm.js";

/**
 * One calibration group: rows with similar predictions.
 * @category Tables
 */
export interface CalibrationBin {
  readonly decile: number;
  readonly rows: number;
  readonly meanPredicted: number;
  readonly observedRate: number;
}

/**
 * One fold's result.
 * @category Tables
 */
export interface FoldResult {
  readonly fold: number;
  readonly trainRows: number;
  readonly testRows: number;
  readonly metrics: ScoreMetrics;
  /** Indicators the fold's model kept. */
  readonly kept: readonly string[];
  /** Indicators the fold's model left out, with why. */
  readonly dropped: readonly DroppedIndicator[];
  /** Whether the fold's IRLS converged (when not, its model is the best point found, and the fold is still scored); always true for a GBM. */
  readonly converged: boolean;
  /** A GBM fold's trees kept by early stopping on its own validation share. */
  readonly trees?: number;
}

/**
 * A cross-validation or time split.
 * @category Tables
 */
export interface TableEvaluation {
  readonly kind: "cross-validation" | "time-split";
  /** `k folds, seed S` or `train ≤ M, test M′`. */
  readonly design: string;
  readonly folds: readonly FoldResult[];
  /** Over all out-of-fold (or test) predictions together. */
  readonly pooled: ScoreMetrics;
  readonly calibration: readonly CalibrationBin[];
  /** Out-of-fold probability per table row (NaN for rows never tested). */
  readonly predicted: Float64Array;
}

/**
 * The probability a model document gives each of some rows of a table.
 *
 * @param model - A logistic model document or a gradient-boosted model document.
 * @param table - The table (categorical columns coded with the model's dictionaries).
 * @param rows - Rows to score (default all).
 * @returns P(adverse) per row.
 * @example
 * predictTable(fitTable(table).model, table)[0] //=> 0.031
 * @category Tables
 */
export function predictTable(model: LogisticModelDocument | GbmModelDocument, table: LabelledTable, rows?: Int32Array): Float64Array {
  if (model.kind === "creditclass.gbm-model") {
    const columns = model.features.map((f) => {
      if (!table.frame.has(f.name)) throw tableError(`the table lacks the model's feature ${f.name}`, f.name);
      const all = table.frame.column(f.name);
      return rows === undefined ? all : Float64Array.from(rows, (r) => all[r] as number);
    });
    const raw = predictGbm(model, columns);
    return raw.map((t) => (t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t))));
  }
  const set = parseModel(model, { indicators: table.frame.columnNames });
  const frame = rows === undefined ? table.frame : table.frame.selectRows(rows);
  return classifyFrame(set, frame, { reasonCount: 0 }).scores.probability;
}

/**
 * Stratified k-fold cross-validation.
 *
 * @param table - A labelled table.
 * @param options - Fit options (each fold refits everything); `method: "gbm"` cross-validates the boosted model (each fold's early stopping on its own training rows).
 * @param cv - Folds (default 5) and seed (default `"creditclass"`).
 * @returns Per-fold and pooled metrics, calibration, out-of-fold predictions.
 * @example
 * crossValidate(table, { method: "woe" }, { folds: 5, seed: "42" }).pooled.auc //=> 0.83
 * @category Tables
 */
export function crossValidate(
  table: LabelledTable,
  options: FitTableOptions | FitTableGbmOptions = {},
  cv: { readonly folds?: number; readonly seed?: string } = {},
): TableEvaluation {
  const k = cv.folds ?? 5;
  const seed = cv.seed ?? "creditclass";
  const label = requireLabel(table);
  const fold = new Uint8Array(table.rows);
  for (const outcome of [0, 1]) {
    const members = Int32Array.from({ length: table.rows }, (_, i) => i).filter((i) => label[i] === outcome);
    const random = createRandom(seedWords(seed), outcome);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [members[i], members[j]] = [members[j] as number, members[i] as number];
    }
    members.forEach((row, position) => {
      fold[row] = position % k;
    });
  }
  const splits = Array.from({ length: k }, (_, f) => ({ fold: f, test: (r: number) => fold[r] === f }));
  return evaluateSplits(table, options, splits, "cross-validation", `${k} stratified folds, seed ${JSON.stringify(seed)}`);
}

/**
 * A time split: fit on the months before the latest `testMonths`, test on those.
 *
 * @param table - A labelled table with months.
 * @param options - Fit options (`method: "gbm"` for the boosted model).
 * @param testMonths - How many latest months to test on (default 1).
 * @returns The split's metrics, calibration and test predictions.
 * @throws {ValidationError} When the table has no month column or fewer months than needed.
 * @example
 * timeSplit(table, { method: "woe" }).design //=> "train 2025-01 … 2026-09, test 2026-10"
 * @category Tables
 */
export function timeSplit(table: LabelledTable, options: FitTableOptions | FitTableGbmOptions = {}, testMonths = 1): TableEvaluation {
  const months = table.months;
  if (months === undefined) throw tableError("the table has no month column");
  const distinct = [...new Set(months)].sort();
  if (distinct.length <= testMonths) throw tableError(`the table has ${distinct.length} months; a time split needs more than ${testMonths}`);
  const first = distinct[distinct.length - testMonths] as Period;
  const design = `train ${distinct[0]} … ${distinct[distinct.length - testMonths - 1]}, test ${first}${testMonths > 1 ? ` … ${distinct[distinct.length - 1]}` : ""}`;
  return evaluateSplits(table, options, [{ fold: 0, test: (r) => (months[r] as Period) >= first }], "time-split", design);
}

/**
 * Calibration by decile of the prediction.
 *
 * @param predicted - Probabilities (NaN rows are left out).
 * @param label - 0/1 outcomes.
 * @returns Ten groups (fewer for tiny inputs), lowest predictions first.
 * @example
 * calibrationByDecile(p, y)[9] //=> { decile: 10, rows: 1000, meanPredicted: 0.31, observedRate: 0.29 }
 * @category Tables
 */
export function calibrationByDecile(predicted: Float64Array, label: ArrayLike<number>): CalibrationBin[] {
  const rows = Int32Array.from({ length: predicted.length }, (_, i) => i)
    .filter((i) => !Number.isNaN(predicted[i] as number))
    .sort((a, b) => (predicted[a] as number) - (predicted[b] as number) || a - b);
  const bins: CalibrationBin[] = [];
  for (let d = 0; d < 10; d++) {
    const lo = Math.floor((d * rows.length) / 10);
    const hi = Math.floor(((d + 1) * rows.length) / 10);
    if (hi <= lo) continue;
    let p = 0;
    let y = 0;
    for (let k = lo; k < hi; k++) {
      p += predicted[rows[k] as number] as number;
      y += label[rows[k] as number] as number;
    }
    bins.push({ decile: d + 1, rows: hi - lo, meanPredicted: p / (hi - lo), observedRate: y / (hi - lo) });
  }
  return bins;
}

function evaluateSplits(
  table: LabelledTable,
  options: FitTableOptions | FitTableGbmOptions,
  splits: readonly { fold: number; test: (row: number) => boolean }[],
  kind: TableEvaluation["kind"],
  design: string,
): TableEvaluation {
  const label = requireLabel(table);
  const predicted = new Float64Array(table.rows).fill(Number.NaN);
  const folds = splits.map(({ fold, test }) => {
    const all = Int32Array.from({ length: table.rows }, (_, i) => i);
    const testRows = all.filter(test);
    const trainRows = all.filter((r) => !test(r));
    const fitted: TableFit | TableGbmFold =
      options.method === "gbm" ? gbmFold(table, options, trainRows) : fitTable(table, options as FitTableOptions, trainRows);
    const p = predictTable(fitted.model, table, testRows);
    testRows.forEach((r, k) => {
      predicted[r] = p[k] as number;
    });
    const y = Uint8Array.from(testRows, (r) => label[r] as number);
    return {
      fold,
      trainRows: trainRows.length,
      testRows: testRows.length,
      metrics: scoreMetrics(p, y),
      kept: fitted.kept,
      dropped: fitted.dropped,
      converged: fitted.converged,
      ...("trees" in fitted ? { trees: fitted.trees } : {}),
    };
  });
  const tested = Int32Array.from({ length: table.rows }, (_, i) => i).filter((r) => !Number.isNaN(predicted[r] as number));
  const pooled = scoreMetrics(
    Float64Array.from(tested, (r) => predicted[r] as number),
    Uint8Array.from(tested, (r) => label[r] as number),
  );
  return { kind, design, folds, pooled, calibration: calibrationByDecile(predicted, label), predicted };
}

interface TableGbmFold {
  readonly model: GbmModelDocument;
  readonly kept: readonly string[];
  readonly dropped: readonly DroppedIndicator[];
  readonly converged: true;
  readonly trees: number;
}

function gbmFold(table: LabelledTable, options: FitTableGbmOptions, rows: Int32Array): TableGbmFold {
  const fit = fitTableGbm(table, options, rows);
  return { model: fit.model, kept: fit.kept, dropped: fit.dropped, converged: true, trees: fit.report.bestIteration };
}

function requireLabel(table: LabelledTable): Uint8Array {
  if (table.label === undefined) throw tableError("the table has no label column");
  return table.label;
}
