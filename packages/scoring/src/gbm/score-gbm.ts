/**
 * Scoring rows with a gradient-boosted model, the part shared by a table's classification
 * (`classify-gbm.ts`) and a model set's monthly scoring (`engine/score-model.ts`): the raw score
 * (log-odds) by the compiled flat loop, the probability, the published score on the document's PDO
 * scale (the logistic model's formula: basePoints + pdo / ln 2 · (ln odds − ln baseOdds), odds
 * good : bad), and the top reasons — the features whose exact TreeSHAP contributions raise the
 * row's risk most, in points (or log-odds without a scale).
 * @module
 */
import { sigmoid } from "../model/logistic-model.js";
import { topContributions } from "./explain-gbm.js";
import type { GbmModelDocument } from "./gbm-schema.js";
import { predictGbm } from "./predict-gbm.js";

/**
 * Scores of rows by a gradient-boosted model, as columns.
 * @category Models
 */
export interface GbmScores {
  /** Log-odds of the adverse outcome. */
  readonly raw: Float64Array;
  readonly probability: Float64Array;
  /** Points on the document's PDO scale (higher is safer), or the probability without a scale. */
  readonly score: Float64Array;
  /** The score with no feature known (TreeSHAP's expected value, log-odds); NaN without reasons. */
  readonly expectedValue: number;
  readonly reasonCount: number;
  /** Row r's k-th reason is feature `reasonFeature[r · reasonCount + k]` (−1: none). */
  readonly reasonFeature: Int32Array;
  /** …adding `reasonPoints[r · reasonCount + k]` of risk (points, or log-odds without a scale). */
  readonly reasonPoints: Float64Array;
}

/**
 * Scores and explains rows given as feature columns.
 *
 * @param model - A validated `creditclass.gbm-model` document.
 * @param columns - One column per feature, in `model.features` order (NaN = missing).
 * @param reasonCount - Reasons per row, 0–10 (0 skips TreeSHAP, the costly part).
 * @param threads - Threads for the reasons (default 1; the result is the same on any number).
 * @returns Raw score, probability, points and top reasons per row.
 * @throws {RangeError} When `reasonCount` is outside 0–10 or the columns differ in length.
 * @example
 * const s = scoreGbm(model, model.features.map((f) => frame.column(f.name)), 3);
 * [s.probability[0], s.reasonFeature[0]] //=> [0.031, 4]
 * @category Models
 */
export function scoreGbm(model: GbmModelDocument, columns: readonly Float64Array[], reasonCount: number, threads = 1): GbmScores {
  const k = reasonCount;
  if (!(Number.isInteger(k) && k >= 0 && k <= 10)) throw new RangeError(`reasonCount must be an integer in 0–10, not ${k}`);
  const raw = predictGbm(model, columns);
  const n = raw.length;
  const probability = new Float64Array(n);
  const score = new Float64Array(n);
  const scale = model.scale;
  const factor = scale === undefined ? 1 : scale.pdo / Math.LN2;
  for (let i = 0; i < n; i++) {
    const t = raw[i] as number;
    probability[i] = sigmoid(t);
    score[i] = scale === undefined ? (probability[i] as number) : scale.basePoints + factor * (-t - Math.log(scale.baseOdds));
  }
  let reasonFeature: Int32Array = new Int32Array(0);
  let reasonPoints: Float64Array = new Float64Array(0);
  let expectedValue = Number.NaN;
  if (k > 0 && n > 0) {
    const top = topContributions(model, columns, k, threads);
    reasonFeature = top.feature;
    reasonPoints = top.value;
    expectedValue = top.expectedValue;
    for (let j = 0; j < reasonPoints.length; j++) reasonPoints[j] = (reasonPoints[j] as number) * factor;
  }
  return { raw, probability, score, expectedValue, reasonCount: k, reasonFeature, reasonPoints };
}
