/**
 * Tuning metrics beyond ranking: the adverse rate by class (it must rise A < B < C < D), the
 * population stability index of a score distribution between months, class stability, and
 * selection-bias-aware estimates from inspection outcomes weighted by the inverse of each
 * enterprise's known inclusion probability (Horvitz–Thompson).
 * @module
 */
import { RISK_CLASSES } from "@creditclass/core";
import type { ScoreMetrics } from "./metrics.js";
import { scoreMetrics } from "./metrics.js";

/**
 * Adverse outcomes by class.
 * @category Evaluation
 */
export interface ClassAdverseRates {
  /** Rows (or summed weights) per class A–D. */
  readonly counts: readonly number[];
  readonly adverse: readonly number[];
  /** Adverse rate per class; NaN for an empty class. */
  readonly rates: readonly number[];
  /** Pairs of non-empty classes where the riskier class does not have the higher rate, e.g. `"B (0.12) ≥ C (0.10)"`. */
  readonly violations: readonly string[];
  /** The D-to-A lift, rate(D) / rate(A): how many times likelier an adverse outcome is in D than in A (NaN when A or D is empty or both have none; Infinity when only A has none). */
  readonly lift: number;
}

/**
 * Adverse rate per class, with violations of A < B < C < D reported, and the D-to-A lift.
 *
 * @param classes - Class per row (0–3; other values are skipped).
 * @param label - 1 = adverse outcome.
 * @param weights - Row weights (default 1), e.g. 1 / inclusion probability.
 * @returns Counts, rates and violations.
 * @example
 * adverseRateByClass(new Uint8Array([0, 1, 2, 3]), [0, 0, 1, 1]).violations //=> ["A (0) ≥ B (0)"]
 * adverseRateByClass(new Uint8Array([0, 0, 0, 0, 3, 3]), [1, 0, 0, 0, 1, 0]).lift //=> 2
 * @category Evaluation
 */
export function adverseRateByClass(classes: Uint8Array, label: ArrayLike<number>, weights?: ArrayLike<number>): ClassAdverseRates {
  const counts = [0, 0, 0, 0];
  const adverse = [0, 0, 0, 0];
  for (let r = 0; r < classes.length; r++) {
    const k = classes[r] as number;
    if (k > 3) continue;
    const w = weights === undefined ? 1 : (weights[r] as number);
    counts[k] = (counts[k] as number) + w;
    if ((label[r] as number) === 1) adverse[k] = (adverse[k] as number) + w;
  }
  const rates = counts.map((c, k) => (c === 0 ? Number.NaN : (adverse[k] as number) / c));
  const violations: string[] = [];
  const present = [0, 1, 2, 3].filter((k) => (counts[k] as number) > 0);
  for (let i = 1; i < present.length; i++) {
    const a = present[i - 1] as number;
    const b = present[i] as number;
    if ((rates[a] as number) >= (rates[b] as number))
      violations.push(`${RISK_CLASSES[a]} (${round(rates[a] as number)}) ≥ ${RISK_CLASSES[b]} (${round(rates[b] as number)})`);
  }
  return { counts, adverse, rates, violations, lift: (rates[3] as number) / (rates[0] as number) };
}

/**
 * Population stability index of a score between two months: bins at the deciles (or `bins`
 * quantiles) of the expected distribution, PSI = Σ (a − e) ln(a / e), shares floored at 1e-4.
 * Rule of thumb: < 0.1 stable, 0.1–0.25 watch, > 0.25 shifted.
 *
 * @param expected - Scores of the reference month.
 * @param actual - Scores of the month compared.
 * @param bins - Quantile bins (default 10).
 * @returns The PSI (0 for identical distributions).
 * @example
 * populationStabilityIndex(new Float64Array([1, 2, 3, 4]), new Float64Array([1, 2, 3, 4])) //=> 0
 * @category Evaluation
 */
export function populationStabilityIndex(expected: Float64Array, actual: Float64Array, bins = 10): number {
  const sorted = Float64Array.from(expected).sort();
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const v = sorted[Math.floor((k * sorted.length) / bins)] as number;
    if (edges.length === 0 || v > (edges[edges.length - 1] as number)) edges.push(v);
  }
  const shares = (values: Float64Array): number[] => {
    const counts = new Array<number>(edges.length + 1).fill(0);
    for (const v of values) {
      let k = 0;
      while (k < edges.length && v >= (edges[k] as number)) k++;
      counts[k] = (counts[k] as number) + 1;
    }
    return counts.map((c) => Math.max(c / Math.max(values.length, 1), 1e-4));
  };
  const e = shares(expected);
  const a = shares(actual);
  return e.reduce((s, ek, k) => s + ((a[k] as number) - ek) * Math.log((a[k] as number) / ek), 0);
}

/**
 * Share of enterprises whose class did not change, over those with a class in both months.
 *
 * @param previous - Previous class per row (0–3; 255 = none).
 * @param current - Current class per row.
 * @returns Share in [0, 1]; NaN when no row has both.
 * @example
 * classStability(new Uint8Array([0, 1, 255]), new Uint8Array([0, 2, 3])) //=> 0.5
 * @category Evaluation
 */
export function classStability(previous: Uint8Array, current: Uint8Array): number {
  let both = 0;
  let same = 0;
  for (let r = 0; r < current.length; r++) {
    const p = previous[r] as number;
    if (p > 3) continue;
    both++;
    if (p === current[r]) same++;
  }
  return both === 0 ? Number.NaN : same / both;
}

/**
 * Metrics from inspection outcomes, naive and weighted.
 * @category Evaluation
 */
export interface SelectionAwareMetrics {
  readonly inspected: number;
  /** Observed rows counted equally: what a naive analysis of inspection results reports. */
  readonly naive: { readonly adverseRate: number; readonly byClass: ClassAdverseRates; readonly ranking: ScoreMetrics };
  /** Observed rows weighted by 1 / inclusion probability: estimates for the whole population. */
  readonly weighted: { readonly adverseRate: number; readonly byClass: ClassAdverseRates; readonly ranking: ScoreMetrics };
}

/**
 * Adverse rates and ranking metrics from inspected enterprises only, naive and
 * inverse-inclusion-probability weighted (each inspected enterprise stands for 1/π of the
 * population), so D's high inspection rate does not inflate the province's adverse rate.
 *
 * @param input - Risk (higher = riskier) and class per row, label (meaningful where inspected), inspected flags and inclusion probabilities (from the sampling audit).
 * @returns Naive and weighted figures.
 * @throws {RangeError} For an inspected row with an inclusion probability outside (0, 1].
 * @example
 * selectionAwareMetrics({ risk, classes, label, inspected, inclusion }).weighted.adverseRate //=> 0.104
 * @category Evaluation
 */
export function selectionAwareMetrics(input: {
  readonly risk: Float64Array;
  readonly classes: Uint8Array;
  readonly label: ArrayLike<number>;
  readonly inspected: Uint8Array;
  readonly inclusion: Float64Array;
}): SelectionAwareMetrics {
  const rows: number[] = [];
  for (let r = 0; r < input.inspected.length; r++) {
    if (input.inspected[r] !== 1) continue;
    const p = input.inclusion[r] as number;
    if (!(p > 0 && p <= 1)) throw new RangeError(`row ${r} was inspected with inclusion probability ${p}`);
    rows.push(r);
  }
  const risk = Float64Array.from(rows, (r) => input.risk[r] as number);
  const classes = Uint8Array.from(rows, (r) => input.classes[r] as number);
  const label = Float64Array.from(rows, (r) => input.label[r] as number);
  const weights = Float64Array.from(rows, (r) => 1 / (input.inclusion[r] as number));
  const rate = (w?: Float64Array): number => {
    let total = 0;
    let bad = 0;
    for (let i = 0; i < label.length; i++) {
      const wi = w === undefined ? 1 : (w[i] as number);
      total += wi;
      if (label[i] === 1) bad += wi;
    }
    return bad / total;
  };
  return {
    inspected: rows.length,
    naive: { adverseRate: rate(), byClass: adverseRateByClass(classes, label), ranking: scoreMetrics(risk, label) },
    weighted: { adverseRate: rate(weights), byClass: adverseRateByClass(classes, label, weights), ranking: scoreMetrics(risk, label, weights) },
  };
}

const round = (v: number): number => Math.round(v * 1e4) / 1e4;
