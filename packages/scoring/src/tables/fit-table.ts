/**
 * Fitting a model on a bureau's own labelled table. Every candidate indicator is binned
 * (quantile pre-bins merged until the adverse rate is monotone and each bin holds a minimum share
 * of rows and of adverse cases; missing values in a bin of their own; categories each their own
 * bin), indicators are selected by information value and by correlation (near-duplicates dropped,
 * the higher IV kept — reported, never silent), and a logistic regression with an intercept and an
 * L2 penalty is fitted by IRLS to a stated tolerance either over the bins' weight of evidence (a
 * WoE scorecard) or over raw values standardised on winsorised statistics (capped at the 1st and
 * 99th percentiles). The result is an ordinary model document with points scaling, so it
 * classifies, explains, serialises and reloads like any other.
 *
 * A real table never breaks the fit: constant columns (all missing, one value, or one value in at
 * least 98 % of rows once winsorised), exact duplicates (|r| = 1 on the model's inputs: a copy, or
 * the same ratio in percent), near-duplicates and collinear columns (R² ≥ 0.99 on the indicators
 * already kept: a sum or difference of them) are dropped before fitting, each with its reason; the
 * IRLS halves overshooting steps and, should rounding still break the factorisation, adds a small
 * ridge; non-convergence is recorded in the fit and the model's training record, not thrown.
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
import { transformColumn, WINSOR_QUANTILES, winsorisedStandardiser } from "../training/feature-preprocess.js";
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
 * Why an indicator was left out: `constant` (no spread in the training rows), `low_iv` (below
 * `minIv`), `duplicate` (|r| = 1 with a kept indicator on the model's inputs, whatever
 * `maxCorrelation`), `correlated` (|r| > `maxCorrelation`), `collinear` (R² ≥ 0.99 on the kept
 * indicators together: a linear combination of them).
 * @category Tables
 */
export interface DroppedIndicator {
  readonly indicator: string;
  readonly reason: "constant" | "low_iv" | "duplicate" | "correlated" | "collinear";
  /** E.g. `all missing in the training rows`, `IV 0.004 < 0.02`, `|r| = 0.97 with debt_ratio (IV 0.41)`, `R² = 0.9966 ≥ 0.99 on the kept indicators together (closest: equity_ratio |r| = 0.84, debt_ratio |r| = 0.49)`. */
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
  /** Whether IRLS converged (also `fit.fit.converged` and `model.training.converged`); when not, the model holds the best point found. */
  readonly converged: boolean;
}

/** Two inputs correlated at least this much are the same indicator (rounding keeps a copy's |r| a few ulps below 1). */
const DUPLICATE_CORRELATION = 1 - 1e-9;
/** An indicator explained this well by the kept ones together is collinear with them: a variance inflation factor of 100 (ten times the usual warning level of 10), under 1 % of its variance its own. */
const COLLINEAR_R2 = 0.99;

/** The default binning of table fits. */
const TABLE_BINNING: BinOptions = { fineBins: 20, minShare: 0.05, minAdverseShare: 0.05 };

/**
 * Fits a model on (some rows of) a labelled table.
 *
 * @param table - From `loadTableFile`, `tableFromObjects` or `tableFromDataFrame`, with a label.
 * @param options - Method, penalty, tolerance, binning, selection, scaling.
 * @param rows - Training rows (default all).
 * @returns The model document, the fit, the binnings, the selection and whether IRLS converged.
 * @throws {ValidationError} When the table has no label, the rows lack one of the outcomes, or no indicator passes the selection.
 * @example
 * const { model, kept, dropped } = fitTable(table, { method: "woe" });
 * dropped[0] //=> { indicator: "debt_ratio_copy", reason: "correlated", detail: "|r| = 0.99 with debt_ratio (IV 0.41)" }
 * dropped[1] //=> { indicator: "debt_ratio_pct", reason: "duplicate", detail: "the same as debt_ratio up to scale (|r| = 1)" }
 * @category Tables
 */
export function fitTable(table: LabelledTable, options: FitTableOptions = {}, rows?: Int32Array): TableFit {
  const label = table.label;
  if (label === undefined) throw tableError("the table has no label column");
  const index = rows ?? Int32Array.from({ length: table.rows }, (_, i) => i);
  const y = Uint8Array.from(index, (r) => label[r] as number);
  const weights = table.weights === undefined ? undefined : Float64Array.from(index, (r) => (table.weights as Float64Array)[r] as number);
  const positives = y.reduce((s, v) => s + v, 0);
  if (positives === 0 || positives === y.length)
    throw tableError(`the label has one class in the training rows (${positives} adverse of ${y.length}): nothing to learn`);
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
    const woe = method === "woe" || categorical;
    const pre = woe ? (hasSpread(binning) ? toWoePreprocess(binning) : undefined) : winsorisedStandardiser(x);
    if (pre === undefined) {
      dropped.push({ indicator: summary.name, reason: "constant", detail: constantDetail(x, woe) });
      continue;
    }
    candidates.push({ name: summary.name, iv: binning.iv, pre, input: transformColumn(summary.name, pre)(x) });
  }
  const minIv = options.minIv ?? 0.02;
  const maxCorrelation = options.maxCorrelation ?? 0.9;
  const kept: typeof candidates = [];
  const basis = new OrthonormalBasis();
  const passed: typeof candidates = [];
  for (const c of [...candidates].sort((a, b) => b.iv - a.iv || a.name.localeCompare(b.name))) {
    if (c.iv < minIv) {
      dropped.push({ indicator: c.name, reason: "low_iv", detail: `IV ${c.iv.toFixed(4)} < ${minIv}` });
      continue;
    }
    // A copy (or the same ratio in percent) bins exactly like its original, so only candidates of
    // the same IV are compared in full; a dropped original still names its copies.
    const original = passed.find((p) => p.iv === c.iv && Math.abs(correlation(p.input, c.input)) >= DUPLICATE_CORRELATION);
    passed.push(c);
    if (original !== undefined) {
      dropped.push({ indicator: c.name, reason: "duplicate", detail: `the same as ${original.name} up to scale (|r| = 1)` });
      continue;
    }
    const correlations = kept.map((k) => ({ k, r: Math.abs(correlation(k.input, c.input)) }));
    const copy = correlations.find((p) => p.r >= DUPLICATE_CORRELATION);
    if (copy !== undefined) {
      dropped.push({ indicator: c.name, reason: "duplicate", detail: `the same as ${copy.k.name} up to scale (|r| = 1)` });
      continue;
    }
    const twin = correlations.find((p) => p.r > maxCorrelation);
    if (twin !== undefined) {
      dropped.push({ indicator: c.name, reason: "correlated", detail: `|r| = ${twin.r.toFixed(3)} with ${twin.k.name} (IV ${twin.k.iv.toFixed(4)})` });
      continue;
    }
    const r2 = basis.explained(c.input);
    if (r2 >= COLLINEAR_R2) {
      const closest = [...correlations]
        .sort((a, b) => b.r - a.r)
        .slice(0, 3)
        .map((p) => `${p.k.name} |r| = ${p.r.toFixed(2)}`);
      dropped.push({
        indicator: c.name,
        reason: "collinear",
        detail: `R² = ${r2.toFixed(4)} ≥ ${COLLINEAR_R2} on the kept indicators together (closest: ${closest.join(", ")})`,
      });
      continue;
    }
    basis.add(c.input);
    kept.push(c);
  }
  if (kept.length === 0) throw tableError(`no indicator passes the selection (${selectionSummary(dropped)})`);
  const l2 = options.l2 ?? 1;
  const fit = fitLogistic(
    kept.map((k) => k.name),
    kept.map((k) => k.input),
    y,
    // Inputs are centred-ish and bounded (WoE, or winsorised and standardised), so a ridge is only
    // ever needed against rounding, also when the user asked for no penalty.
    { l2, tolerance: options.tolerance ?? 1e-8, singular: "ridge", ...(weights === undefined ? {} : { weights }) },
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
      l2,
      tolerance: options.tolerance ?? 1e-8,
      iterations: fit.fit.iterations,
      converged: fit.fit.converged,
      ...(method === "raw" ? { winsorised: { ...WINSOR_QUANTILES, definition: "Hyndman-Fan type 7" } } : {}),
      ...(fit.fit.parameters.ridge === undefined ? {} : { ridge: fit.fit.parameters.ridge }),
      ...(fit.fit.parameters.halvings === undefined ? {} : { stepHalvings: fit.fit.parameters.halvings }),
      kept: kept.map((k) => k.name),
      dropped,
      informationValue: Object.fromEntries(binnings.map((b) => [b.indicator, b.iv])),
      // Code k of a categorical column is categories[k]; scoring a table maps its values through these.
      categories: table.categories,
    },
  };
  return { model: logisticModelSchema.parse(document), fit, binnings, kept: kept.map((k) => k.name), dropped, converged: fit.fit.converged };
}

/** Why a column has no spread: all missing, one value, or (after binning or winsorising) one value in nearly every row. */
function constantDetail(x: Float64Array, woe: boolean): string {
  let present = 0;
  let first = Number.NaN;
  let distinct = false;
  for (const v of x) {
    if (Number.isNaN(v)) continue;
    if (present++ === 0) first = v;
    else if (v !== first) distinct = true;
  }
  if (present === 0) return "all missing in the training rows";
  if (!distinct) return `one value (${first}) in every non-missing training row`;
  return woe
    ? "a single bin: no split leaves the minimum share of rows and of adverse cases on each side"
    : `one value in at least ${Math.round(100 * (WINSOR_QUANTILES.upper - WINSOR_QUANTILES.lower))} % of the non-missing training rows (constant once winsorised at the ${100 * WINSOR_QUANTILES.lower} % and ${100 * WINSOR_QUANTILES.upper} % quantiles)`;
}

/** The dropped indicators counted by reason, in one short line. */
function selectionSummary(dropped: readonly DroppedIndicator[]): string {
  const counts = new Map<string, number>();
  for (const d of dropped) counts.set(d.reason, (counts.get(d.reason) ?? 0) + 1);
  const ivs = dropped.filter((d) => d.reason === "low_iv");
  return [...counts].map(([reason, k]) => `${k} ${reason}`).join(", ") + (ivs[0] === undefined ? "" : `; highest: ${ivs[0].indicator} ${ivs[0].detail}`);
}

/**
 * An orthonormal basis of centred columns, grown by modified Gram–Schmidt, so the R² of a new
 * column on all the kept ones together is one projection (O(n·k)), not a regression.
 */
class OrthonormalBasis {
  private readonly vectors: Float64Array[] = [];

  /** The share of the column's variance the basis explains (0 for a constant column). */
  explained(column: Float64Array): number {
    const r = this.residual(column);
    return r.total === 0 ? 0 : 1 - r.left / r.total;
  }

  /** Adds a column (one explained by the basis adds nothing). */
  add(column: Float64Array): void {
    const r = this.residual(column);
    if (r.left > 1e-12 * r.total) {
      const norm = Math.sqrt(r.left);
      this.vectors.push(r.vector.map((v) => v / norm));
    }
  }

  private residual(column: Float64Array): { vector: Float64Array; total: number; left: number } {
    let mean = 0;
    for (const v of column) mean += v / column.length;
    const vector = column.map((v) => v - mean);
    const total = dot(vector, vector);
    for (const q of this.vectors) {
      const c = dot(q, vector);
      for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] as number) - c * (q[i] as number);
    }
    return { vector, total, left: dot(vector, vector) };
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
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
 * @param field - The column it is about, when one is.
 * @returns The error to throw.
 * @example
 * throw tableError("the table has no label column");
 * @category Tables
 */
export function tableError(message: string, field?: string): ValidationError {
  return new ValidationError([
    { code: "invalid_value", message, expected: "a labelled table with both outcomes and informative indicators", ...(field === undefined ? {} : { field }) },
  ]);
}
