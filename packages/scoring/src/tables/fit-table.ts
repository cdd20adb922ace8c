/**
 * Fitting a model on a bureau's own labelled table. Every candidate indicator is binned
 * (quantile pre-bins merged until the adverse rate is monotone and each bin holds a minimum share
 * of rows and of adverse cases; missing values in a bin of their own; categories each their own
 * bin), indicators are selected by information value and by correlation (near-duplicates dropped,
 * the higher IV kept — reported, never silent), and a logistic regression with an intercept and an
 * L2 penalty is fitted by IRLS to a stated tolerance either over the bins' weight of evidence (a
 * WoE scorecard) or over standardised raw values. The result is an ordinary model document with
 * points scaling, so it classifies, explains, serialises and reloads like any other.
 * @module
 */
import type { LabelledTable } from "@creditclass/core";
import { ValidationError } from "@creditclass/core";
import type { LogisticModel } from "../model/logistic-model.js";
import type { LogisticModelDocument } from "../model/model-schema.js";
import { logisticModelSchema } from "../model/model-schema.js";
import type { BinOptions, IndicatorBinning } from "../training/bin-indicator.js";
import { binIndicator, toWoePreprocess } from "../training/bin-indicator.js";
import type { Preprocess } from "../training/feature-preprocess.js";
import { standardiser, transformColumn } from "../training/feature-preprocess.js";
import { fitLogistic } from "../training/fit-logistic.js";

/**
 * Options of {@link fitTable}.
 * @category Tables
 */
export interface FitTableOptions {
  /** `woe` (default): a WoE scorecard over the bins; `raw`: standardised raw values (categories still by WoE). */
  readonly method?: "woe" | "raw";
  /** L2 penalty on the coefficients (default 1; scikit-learn's C = 1 / l2). */
  readonly l2?: number;
  /** IRLS stops when no parameter moves more than this (default 1e-8). */
  readonly tolerance?: number;
  /** Binning (default: 20 quantile pre-bins, minimum 5 % of rows and 5 % of adverse cases per bin, monotone in the better direction). */
  readonly binning?: BinOptions;
  /** Indicators with a lower information value are dropped (default 0.02). */
  readonly minIv?: number;
  /** Of two indicators correlated beyond this (absolute Pearson, on the model's inputs), the lower-IV one is dropped (default 0.9). */
  readonly maxCorrelation?: number;
  /** Points scaling (default 600 points at odds 50 : 1, 20 points to double the odds). */
  readonly pdo?: { readonly basePoints: number; readonly baseOdds: number; readonly pdo: number };
  readonly classes?: LogisticModelDocument["classes"];
  readonly id?: string;
  readonly name?: { readonly zh: string; readonly en: string };
}

/**
 * Why an indicator was left out.
 * @category Tables
 */
export interface DroppedIndicator {
  readonly indicator: string;
  readonly reason: "constant" | "low_iv" | "correlated";
  /** E.g. `IV 0.004 < 0.02`, `|r| = 0.97 with debt_ratio (IV 0.41)`. */
  readonly detail: string;
}

/**
 * A fitted table model.
 * @category Tables
 */
export interface TableFit {
  /** The model document (validated). */
  readonly model: LogisticModelDocument;
  readonly fit: LogisticModel;
  /** The binning of every candidate indicator, fitted on the training rows. */
  readonly binnings: readonly IndicatorBinning[];
  /** Kept indicators, by IV, highest first. */
  readonly kept: readonly string[];
  readonly dropped: readonly DroppedIndicator[];
}

/** The default binning of table fits. */
const TABLE_BINNING: BinOptions = { fineBins: 20, minShare: 0.05, minAdverseShare: 0.05 };

/**
 * Fits a model on (some rows of) a labelled table.
 *
 * @param table - From `loadTableFile`, `tableFromObjects` or `tableFromDataFrame`, with a label.
 * @param options - Method, penalty, tolerance, binning, selection, scaling.
 * @param rows - Training rows (default all).
 * @returns The model document, the fit, the binnings and the selection.
 * @throws {ValidationError} When the table has no label, or the rows lack one of the outcomes.
 * @example
 * const { model, kept, dropped } = fitTable(table, { method: "woe" });
 * dropped[0] //=> { indicator: "debt_ratio_copy", reason: "correlated", detail: "|r| = 0.99 with debt_ratio (IV 0.41)" }
 * @category Tables
 */
export function fitTable(table: LabelledTable, options: FitTableOptions = {}, rows?: Int32Array): TableFit {
  const label = table.label;
  if (label === undefined) throw tableError("the table has no label column");
  const index = rows ?? Int32Array.from({ length: table.rows }, (_, i) => i);
  const y = Uint8Array.from(index, (r) => label[r] as number);
  const weights = table.weights === undefined ? undefined : Float64Array.from(index, (r) => (table.weights as Float64Array)[r] as number);
  const positives = y.reduce((s, v) => s + v, 0);
  if (positives === 0 || positives === y.length) throw tableError(`the training rows have ${positives} adverse outcomes of ${y.length}: nothing to learn`);
  const method = options.method ?? "woe";
  const binOptions: BinOptions = { ...TABLE_BINNING, ...options.binning, ...(weights === undefined ? {} : { weights }) };
  const binnings: IndicatorBinning[] = [];
  const candidates: { name: string; iv: number; pre: Preprocess; input: Float64Array }[] = [];
  const dropped: DroppedIndicator[] = [];
  for (const summary of table.columns) {
    const x = pickRows(table.frame.column(summary.name), index);
    const categorical = summary.kind === "categorical";
    const binning = binIndicator(summary.name, x, y, {
      ...binOptions,
      ...(categorical ? { specialValues: (summary.categories ?? []).map((_, k) => k), monotone: "none" as const } : {}),
    });
    binnings.push(binning);
    const pre = method === "woe" || categorical ? (hasSpread(binning) ? toWoePreprocess(binning) : undefined) : standardiser(x, false);
    if (pre === undefined) {
      dropped.push({ indicator: summary.name, reason: "constant", detail: "one value (or all missing) in the training rows" });
      continue;
    }
    candidates.push({ name: summary.name, iv: binning.iv, pre, input: transformColumn(summary.name, pre)(x) });
  }
  const minIv = options.minIv ?? 0.02;
  const maxCorrelation = options.maxCorrelation ?? 0.9;
  const kept: typeof candidates = [];
  for (const c of [...candidates].sort((a, b) => b.iv - a.iv || a.name.localeCompare(b.name))) {
    if (c.iv < minIv) {
      dropped.push({ indicator: c.name, reason: "low_iv", detail: `IV ${c.iv.toFixed(4)} < ${minIv}` });
      continue;
    }
    const twin = kept.map((k) => ({ k, r: Math.abs(correlation(k.input, c.input)) })).find((p) => p.r > maxCorrelation);
    if (twin !== undefined) {
      dropped.push({ indicator: c.name, reason: "correlated", detail: `|r| = ${twin.r.toFixed(3)} with ${twin.k.name} (IV ${twin.k.iv.toFixed(4)})` });
      continue;
    }
    kept.push(c);
  }
  if (kept.length === 0) throw tableError(`no indicator passes the selection (${dropped.map((d) => `${d.indicator}: ${d.detail}`).join("; ")})`);
  const fit = fitLogistic(
    kept.map((k) => k.name),
    kept.map((k) => k.input),
    y,
    { l2: options.l2 ?? 1, tolerance: options.tolerance ?? 1e-8, ...(weights === undefined ? {} : { weights }) },
  );
  const document = {
    kind: "creditclass.logistic-model",
    version: 1,
    id: options.id ?? `table-${method}`,
    name:
      options.name ?? (method === "woe" ? { zh: "证据权重评分卡", en: "WoE scorecard" } : { zh: "原始值逻辑回归", en: "Logistic regression on raw values" }),
    intercept: fit.intercept,
    features: kept.map((k, j) => ({ indicator: k.name, coefficient: fit.coefficients[j] as number, preprocess: k.pre })),
    scale: { kind: "pdo", ...(options.pdo ?? { basePoints: 600, baseOdds: 50, pdo: 20 }) },
    classes: options.classes ?? { method: "proportions", A: 0.65, B: 0.25, C: 0.08, D: 0.02 },
    training: {
      source: table.source,
      rows: y.length,
      positives,
      method,
      l2: options.l2 ?? 1,
      tolerance: options.tolerance ?? 1e-8,
      iterations: fit.fit.iterations,
      converged: fit.fit.converged,
      kept: kept.map((k) => k.name),
      dropped,
      informationValue: Object.fromEntries(binnings.map((b) => [b.indicator, b.iv])),
      // Code k of a categorical column is categories[k]; scoring a table maps its values through these.
      categories: table.categories,
    },
  };
  return { model: logisticModelSchema.parse(document), fit, binnings, kept: kept.map((k) => k.name), dropped };
}

/** Whether a binning separates anything (more than one populated bin). */
function hasSpread(binning: IndicatorBinning): boolean {
  return binning.bins.filter((b) => b.count > 0).length > 1;
}

function pickRows(values: Float64Array, index: Int32Array): Float64Array {
  const out = new Float64Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = values[index[i] as number] as number;
  return out;
}

/** Pearson correlation (0 when either column is constant). */
function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < n; i++) {
    sa += a[i] as number;
    sb += b[i] as number;
  }
  const ma = sa / n;
  const mb = sb / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return va === 0 || vb === 0 ? 0 : cov / Math.sqrt(va * vb);
}

/**
 * A table that cannot be fitted or evaluated, as a user-input error.
 *
 * @param message - What is wrong.
 * @returns The error to throw.
 * @example
 * throw tableError("the table has no label column");
 * @category Tables
 */
export function tableError(message: string): ValidationError {
  return new ValidationError([{ code: "invalid_value", message, expected: "a labelled table with both outcomes and informative indicators" }]);
}
