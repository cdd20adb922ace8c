/**
 * Discrimination and calibration metrics of scores against 0/1 labels: ROC AUC (Mann–Whitney,
 * ties counted half), KS, Gini, Brier score. Optional row weights make them estimate a population
 * from a weighted sample (inverse inclusion probabilities).
 * @module
 */

/**
 * The metrics of a score.
 * @category Metrics
 */
export interface ScoreMetrics {
  readonly auc: number;
  /** Largest gap between the cumulative distributions of positives and negatives. */
  readonly ks: number;
  /** 2·AUC − 1. */
  readonly gini: number;
  /** Mean squared error of probabilities (only when the scores are probabilities). */
  readonly brier: number;
  readonly positives: number;
  readonly negatives: number;
}

/**
 * Computes AUC, KS, Gini and Brier. Higher scores should mean label 1.
 *
 * @param scores - One score per row (probabilities for a meaningful Brier score).
 * @param labels - 0 or 1 per row.
 * @param weights - Optional row weights (default 1).
 * @returns The metrics; AUC is NaN when one class is absent.
 * @example
 * scoreMetrics(new Float64Array([0.1, 0.4, 0.35, 0.8]), new Uint8Array([0, 0, 1, 1])).auc //=> 0.75
 * @category Metrics
 */
export function scoreMetrics(scores: Float64Array, labels: ArrayLike<number>, weights?: ArrayLike<number>): ScoreMetrics {
  const n = scores.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  let positives = 0;
  let negatives = 0;
  let brier = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights?.[i] ?? 1;
    if ((labels[i] ?? 0) === 1) positives += w;
    else negatives += w;
    brier += w * ((scores[i] ?? 0) - (labels[i] ?? 0)) ** 2;
    total += w;
  }
  // Walk the scores upwards in groups of ties: AUC = P(score of a positive > score of a negative) + ½ P(tie).
  let auc = 0;
  let ks = 0;
  let negativesBelow = 0;
  let positivesBelow = 0;
  for (let k = 0; k < n; ) {
    const value = scores[order[k] ?? 0] ?? 0;
    let groupPositives = 0;
    let groupNegatives = 0;
    while (k < n && (scores[order[k] ?? 0] ?? 0) === value) {
      const i = order[k] ?? 0;
      const w = weights?.[i] ?? 1;
      if ((labels[i] ?? 0) === 1) groupPositives += w;
      else groupNegatives += w;
      k++;
    }
    auc += groupPositives * (negativesBelow + groupNegatives / 2);
    negativesBelow += groupNegatives;
    positivesBelow += groupPositives;
    if (positives > 0 && negatives > 0) ks = Math.max(ks, Math.abs(negativesBelow / negatives - positivesBelow / positives));
  }
  auc = positives > 0 && negatives > 0 ? auc / (positives * negatives) : Number.NaN;
  return { auc, ks, gini: 2 * auc - 1, brier: total === 0 ? Number.NaN : brier / total, positives, negatives };
}
