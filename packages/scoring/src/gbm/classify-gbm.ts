/**
 * Classifying a table's frame with a gradient-boosted model document alone: the scores and top
 * TreeSHAP reasons of `score-gbm.ts`, the class by the document's rule on the probability
 * (thresholds, or target proportions through the same tie-respecting cut-offs as every other
 * model), and CSV rows whose reasons are named in Chinese and English where the indicator catalog
 * knows them.
 * @module
 */
import type { RiskClass } from "@creditclass/core";
import { INDICATOR_CATALOG, type IndicatorFrame, RISK_CLASSES } from "@creditclass/core";
import { assignClasses, classCutoffs, type RiskCutoffs } from "../classes/assign-classes.js";
import type { GbmModelDocument } from "./gbm-schema.js";
import { scoreGbm } from "./score-gbm.js";

/**
 * Options of {@link classifyGbm}.
 * @category Models
 */
export interface ClassifyGbmOptions {
  /** Reasons per row, 0–10 (default 3; 0 skips TreeSHAP, the costly part). */
  readonly reasonCount?: number;
  /** Threads for the reasons (default 1; the result is the same on any number). */
  readonly threads?: number;
}

/**
 * A frame classified by a gradient-boosted model, as columns.
 * @category Models
 */
export interface GbmClassification {
  readonly ids: readonly string[];
  /** Log-odds of the adverse outcome. */
  readonly raw: Float64Array;
  readonly probability: Float64Array;
  /** Points on the document's PDO scale (higher is safer), or the probability without a scale. */
  readonly score: Float64Array;
  /** 0–3 for A–D. */
  readonly riskClass: Uint8Array;
  readonly cutoffs: RiskCutoffs;
  /** The score with no feature known (TreeSHAP's expected value, log-odds); NaN without reasons. */
  readonly expectedValue: number;
  readonly reasonCount: number;
  /** Row r's k-th reason is feature `reasonFeature[r · reasonCount + k]` (−1: none). */
  readonly reasonFeature: Int32Array;
  /** …adding `reasonPoints[r · reasonCount + k]` of risk (points, or log-odds without a scale). */
  readonly reasonPoints: Float64Array;
}

const CATALOG = new Map(INDICATOR_CATALOG.map((m) => [m.id, m] as const));

/**
 * Scores, classifies and explains every row of a frame with a gradient-boosted model.
 *
 * @param model - A validated `creditclass.gbm-model` document.
 * @param frame - A frame holding every feature column (categorical columns coded with the model's `training.categories`).
 * @param options - Reasons per row.
 * @returns Raw score, probability, points, class and top reasons per row.
 * @throws {RangeError} When a feature's column is absent or `reasonCount` is outside 0–10.
 * @example
 * const c = classifyGbm(model, frame, { reasonCount: 3 });
 * [c.probability[0], RISK_CLASSES[c.riskClass[0]], c.reasonFeature[0]] //=> [0.031, "A", 4]
 * @category Models
 */
export function classifyGbm(model: GbmModelDocument, frame: IndicatorFrame, options: ClassifyGbmOptions = {}): GbmClassification {
  const columns = model.features.map((f) => {
    if (!frame.has(f.name)) throw new RangeError(`the frame lacks feature ${f.name}`);
    return frame.column(f.name);
  });
  const s = scoreGbm(model, columns, options.reasonCount ?? 3, options.threads ?? 1);
  const cutoffs = classCutoffs(model.classes, s.probability);
  const riskClass = assignClasses(s.probability, cutoffs, new Uint8Array(frame.rowCount));
  return {
    ids: frame.ids(),
    raw: s.raw,
    probability: s.probability,
    score: s.score,
    riskClass,
    cutoffs,
    expectedValue: s.expectedValue,
    reasonCount: s.reasonCount,
    reasonFeature: s.reasonFeature,
    reasonPoints: s.reasonPoints,
  };
}

/**
 * The result as flat rows for CSV, in the format of `classificationRows`: `uscc, class, score,
 * probability, model, reasons`, reasons reading `indicator=value 中文名 / English name −points`
 * (a bureau's own columns by their name alone), joined by ` | `.
 *
 * @param c - From {@link classifyGbm}.
 * @param model - The document it was made with.
 * @param frame - The frame it was made from.
 * @returns One object per row, in frame order.
 * @example
 * gbmClassificationRows(c, model, frame)[0]
 * //=> { uscc: "E0000001", class: "A", score: 712.4, probability: 0.003, model: "table-gbm", reasons: "ratio_0=2.1 −3.52 | count_1=3 −1.2" }
 * @category Models
 */
export function gbmClassificationRows(c: GbmClassification, model: GbmModelDocument, frame: IndicatorFrame): Record<string, string | number>[] {
  const names = model.features.map((f) => f.name);
  const labels = names.map((name) => frame.meta(name) ?? CATALOG.get(name));
  const columns = names.map((name) => frame.column(name));
  const out: Record<string, string | number>[] = new Array(c.ids.length);
  for (let r = 0; r < c.ids.length; r++) {
    const reasons: string[] = [];
    for (let k = 0; k < c.reasonCount; k++) {
      const f = c.reasonFeature[r * c.reasonCount + k] as number;
      if (f < 0) break;
      const value = (columns[f] as Float64Array)[r] as number;
      const meta = labels[f];
      const points = Math.round((c.reasonPoints[r * c.reasonCount + k] as number) * 1e4) / 1e4;
      reasons.push(`${names[f]}=${Number.isNaN(value) ? "missing" : value}${meta === undefined ? "" : ` ${meta.name.zh} / ${meta.name.en}`} −${points}`);
    }
    out[r] = {
      uscc: c.ids[r] as string,
      class: RISK_CLASSES[c.riskClass[r] as number] as RiskClass,
      score: Math.round((c.score[r] as number) * 1e4) / 1e4,
      probability: Math.round((c.probability[r] as number) * 1e6) / 1e6,
      model: model.id,
      reasons: reasons.join(" | "),
    };
  }
  return out;
}
