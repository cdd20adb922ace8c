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

/**
 * The ROC curve of risk scores (higher = riskier): false and true positive rates at each distinct
 * threshold from the highest down, thinned to about `points` points (ties stay one step).
 *
 * @param risk - Scores, higher is riskier.
 * @param labels - 1 = adverse.
 * @param points - Points to keep, about (default 200).
 * @returns `[fpr, tpr]` pairs from (0, 0) to (1, 1).
 * @example
 * rocCurve(new Float64Array([0.9, 0.1]), [1, 0]) //=> [[0, 0], [0, 1], [1, 1]]
 * @category Metrics
 */
export function rocCurve(risk: Float64Array, labels: ArrayLike<number>, points = 200): [number, number][] {
  const n = risk.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (risk[b] as number) - (risk[a] as number));
  let positives = 0;
  for (let i = 0; i < n; i++) if ((labels[i] as number) === 1) positives++;
  const negatives = n - positives;
  const curve: [number, number][] = [[0, 0]];
  const every = Math.max(1, Math.floor(n / points));
  let tp = 0;
  let fp = 0;
  let sinceLast = 0;
  for (let k = 0; k < n; ) {
    const value = risk[order[k] as number] as number;
    while (k < n && risk[order[k] as number] === value) {
      if ((labels[order[k] as number] as number) === 1) tp++;
      else fp++;
      k++;
      sinceLast++;
    }
    if (sinceLast >= every || k === n) {
      curve.push([negatives === 0 ? 0 : fp / negatives, positives === 0 ? 0 : tp / positives]);
      sinceLast = 0;
    }
  }
  return curve;
}

/**
 * The KS curve of risk scores: rows taken from the riskiest down, the cumulative shares of
 * adverse and of other rows at about `points` cut-offs; KS is the largest gap between the two.
 *
 * @param risk - Scores, higher is riskier.
 * @param labels - 1 = adverse.
 * @param points - Points to keep, about (default 100).
 * @returns `[share of rows, share of adverse, share of others]` triples from (0, 0, 0) to (1, 1, 1).
 * @example
 * ksCurve(new Float64Array([0.9, 0.1]), [1, 0]) //=> [[0, 0, 0], [0.5, 1, 0], [1, 1, 1]]
 * @category Metrics
 */
export function ksCurve(risk: Float64Array, labels: ArrayLike<number>, points = 100): [number, number, number][] {
  const n = risk.length;
  const roc = rocCurve(risk, labels, points);
  let positives = 0;
  for (let i = 0; i < n; i++) if ((labels[i] as number) === 1) positives++;
  const negatives = n - positives;
  return roc.map(([fpr, tpr]) => [n === 0 ? 0 : (fpr * negatives + tpr * positives) / n, tpr, fpr]);
}

/**
 * The headline figures of {@link scoreMetrics} a trained model records: AUC, KS, Gini, Brier.
 *
 * @param m - From {@link scoreMetrics}.
 * @returns The four numbers.
 * @example
 * headlineMetrics(scoreMetrics(p, y)) //=> { auc: 0.71, ks: 0.32, gini: 0.42, brier: 0.06 }
 */
export function headlineMetrics(m: ScoreMetrics): { auc: number; ks: number; gini: number; brier: number } {
  return { auc: m.auc, ks: m.ks, gini: m.gini, brier: m.brier };
}
