/**
 * Ranking metrics per model part. A model set scores each enterprise with one of its parts, and
 * the parts publish scores on their own scales (the general model 0–1000, the individual-business
 * model 0–100), so a ranking metric pooled over all rows compares points of different scales:
 * AUC, KS and the ROC curve are computed within each part, never across parts.
 * @module
 */
import type { ScoreMetrics } from "./metrics.js";
import { rocCurve, scoreMetrics } from "./metrics.js";

/**
 * The ranking of one model part over the rows it scored.
 * @category Evaluation
 */
export interface PartRanking {
  /** Index of the part (the `model` value of its rows, e.g. `Classification.model`). */
  readonly model: number;
  /** Rows the part scored. */
  readonly rows: number;
  /** AUC, KS, Gini, Brier of the part's risk against the labels of its rows only. */
  readonly ranking: ScoreMetrics;
  /** The part's ROC curve, `[fpr, tpr]` pairs (see `rocCurve`). */
  readonly roc: readonly [number, number][];
}

/**
 * Ranking metrics of each model part on its own rows.
 *
 * @param risk - Risk per row, higher is riskier (on each part's own scale).
 * @param labels - 1 = adverse, per row.
 * @param model - The part that scored each row (e.g. `Classification.model`).
 * @returns One entry per part that scored at least one row, in part order.
 * @example
 * const parts = rankingByPart(new Float64Array([10, 20, 500, 900]), [0, 1, 1, 0], new Uint8Array([0, 0, 1, 1]));
 * parts.map((p) => p.ranking.auc) //=> [1, 0]
 * @category Evaluation
 */
export function rankingByPart(risk: Float64Array, labels: ArrayLike<number>, model: Uint8Array): PartRanking[] {
  const counts = new Map<number, number>();
  for (let r = 0; r < model.length; r++) counts.set(model[r] as number, (counts.get(model[r] as number) ?? 0) + 1);
  return [...counts.keys()]
    .sort((a, b) => a - b)
    .map((m) => {
      const n = counts.get(m) as number;
      const partRisk = new Float64Array(n);
      const partLabels = new Uint8Array(n);
      let k = 0;
      for (let r = 0; r < model.length; r++) {
        if (model[r] !== m) continue;
        partRisk[k] = risk[r] as number;
        partLabels[k++] = (labels[r] as number) === 1 ? 1 : 0;
      }
      return { model: m, rows: n, ranking: scoreMetrics(partRisk, partLabels), roc: rocCurve(partRisk, partLabels) };
    });
}
