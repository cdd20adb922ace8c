/**
 * Weights by the entropy weight method: indicators whose values vary more across enterprises
 * carry more information and get more weight. Each column is min–max normalised in its risk
 * direction, p_ij = x_ij / Σ_i x_ij, entropy e_j = −Σ_i p_ij ln p_ij / ln n, divergence
 * d_j = 1 − e_j, weight w_j = d_j / Σ d. Missing values (NaN) are left out of their column.
 * @module
 */
import type { IndicatorFrame } from "@creditclass/core";
import { ValidationError } from "@creditclass/core";

/**
 * Weights with their evidence.
 * @category Weights
 */
export interface EntropyWeights {
  readonly indicators: readonly string[];
  readonly weights: readonly number[];
  readonly entropies: readonly number[];
  readonly divergences: readonly number[];
}

/**
 * Computes entropy weights of some indicator columns of a frame.
 *
 * @param frame - Indicator values.
 * @param indicators - Columns to weigh; a column's metadata direction `safety` is reversed first (higher = safer).
 * @returns Weights (sum 1), entropies and divergences; a column with no variation gets weight 0.
 * @throws {ValidationError} `unknown_indicator` for a missing column; `invalid_config` when no column varies.
 * @example
 * entropyWeights(frame, ["penalties_36m", "complaints_12m"]).weights //=> [0.61, 0.39]
 * @category Weights
 */
export function entropyWeights(frame: IndicatorFrame, indicators: readonly string[]): EntropyWeights {
  const entropies: number[] = [];
  for (const id of indicators) {
    const values = frame.column(id);
    const safety = frame.meta(id)?.direction === "safety";
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let count = 0;
    for (const v of values) {
      if (Number.isNaN(v)) continue;
      min = Math.min(min, v);
      max = Math.max(max, v);
      count++;
    }
    if (count < 2 || max === min) {
      entropies.push(1);
      continue;
    }
    let total = 0;
    for (const v of values) if (!Number.isNaN(v)) total += safety ? (max - v) / (max - min) : (v - min) / (max - min);
    let h = 0;
    for (const v of values) {
      if (Number.isNaN(v)) continue;
      const p = (safety ? (max - v) / (max - min) : (v - min) / (max - min)) / total;
      if (p > 0) h -= p * Math.log(p);
    }
    entropies.push(h / Math.log(count));
  }
  const divergences = entropies.map((e) => 1 - e);
  const sum = divergences.reduce((s, d) => s + d, 0);
  if (!(sum > 0)) {
    throw new ValidationError([
      {
        code: "invalid_config",
        path: [],
        value: indicators,
        expected: "at least one indicator that varies",
        message: "no indicator varies across enterprises: entropy weights are undefined",
      },
    ]);
  }
  return { indicators, weights: divergences.map((d) => d / sum), entropies, divergences };
}
