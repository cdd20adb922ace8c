/**
 * Backtests of models or weight sets side by side on the same months: each candidate classifies
 * each month from the same point-in-time indicators, and is judged against the adverse outcomes
 * of the following months — ranking (AUC, KS, Gini, ROC) within each model part, since parts
 * publish scores on their own scales; what a regulator reads across parts, by final class: the
 * adverse rate by class with violations, the D-to-A lift and the AUC of the class itself;
 * calibration of parts that give probabilities; PSI of its score against the previous month,
 * and class stability.
 * @module
 */
import type { IndicatorSource, Period, ProvinceColumns } from "@creditclass/core";
import { classifyFrame } from "../classes/classify-frame.js";
import { registerAttributes } from "../classes/register-attributes.js";
import type { ModelSet } from "../model/model-schema.js";
import { outcomeLabeller } from "../training/training-set.js";
import type { ClassAdverseRates } from "./evaluate-classes.js";
import { adverseRateByClass, classStability, populationStabilityIndex } from "./evaluate-classes.js";
import type { ScoreMetrics } from "./metrics.js";
import { rocCurve, scoreMetrics } from "./metrics.js";
import type { OverrideEffect } from "./override-effects.js";
import { overrideEffects } from "./override-effects.js";
import type { PartRanking } from "./ranking-by-part.js";
import { rankingByPart } from "./ranking-by-part.js";

/**
 * Options of {@link backtest}.
 * @category Evaluation
 */
export interface BacktestOptions {
  readonly months: readonly Period[];
  /** Months after each month in which outcomes count (default 12). */
  readonly horizon?: number;
  /** The indicators of a month (point in time). */
  readonly indicatorsAt: IndicatorSource;
}

/**
 * One model part of a candidate in one month: its ranking on its own scale.
 * @category Evaluation
 */
export interface BacktestPart extends PartRanking {
  /** The part's model id (`models.models[model].id`). */
  readonly id: string;
  /** Adverse rate by the final class of the part's rows (with the D-to-A lift). */
  readonly byClass: ClassAdverseRates;
  /**
   * Mean predicted probability against the observed adverse rate, and the Brier score, for a
   * part that gives probabilities (logistic or hybrid); null for a scorecard.
   */
  readonly calibration: { readonly predicted: number; readonly observed: number; readonly brier: number } | null;
}

/**
 * One candidate in one month.
 * @category Evaluation
 */
export interface BacktestRow {
  readonly candidate: string;
  readonly period: Period;
  readonly enterprises: number;
  /** Ranking metrics (AUC, KS, ROC) per model part, each on its own score scale; never pooled. */
  readonly parts: readonly BacktestPart[];
  /** Adverse rate by final class over all parts, with violations and the D-to-A lift (`byClass.lift`). */
  readonly byClass: ClassAdverseRates;
  /** The final class (A = 0 … D = 3) taken as the score: AUC and KS of the classes themselves, comparable across parts and candidates. */
  readonly classRanking: ScoreMetrics;
  /** PSI of the score against the candidate's previous month (NaN for the first). */
  readonly psi: number;
  /** Share keeping its class from the candidate's previous month (NaN for the first). */
  readonly stability: number;
  /** The ROC curve of the final class, `[fpr, tpr]` pairs, one point per class cut (see `rocCurve`). */
  readonly classRoc: readonly [number, number][];
  /** Per override rule and landing class: rows moved, their adverse rate, and that of the class they land in. */
  readonly overrides: readonly OverrideEffect[];
}

/**
 * Backtests candidates over months. Register status and tags are not in the columns, so the
 * `is_revoked` / `is_deregistered` flags are 0 here and tag-chosen models are not chosen.
 *
 * @param province - Columns from `loadProvinceColumns`.
 * @param candidates - Named model sets.
 * @param options - Months, horizon, the indicators of each month.
 * @returns One row per candidate and month, months in order.
 * @example
 * const rows = backtest(province, [{ name: "default", models: DEFAULT_MODEL_SET }, { name: "trained", models: trained }], { months, indicatorsAt });
 * rows.map((r) => [r.candidate, r.period, r.parts.map((p) => `${p.id} ${p.ranking.auc}`), r.byClass.lift])
 * @category Evaluation
 */
export function backtest(
  province: ProvinceColumns,
  candidates: readonly { readonly name: string; readonly models: ModelSet }[],
  options: BacktestOptions,
): BacktestRow[] {
  const horizon = options.horizon ?? 12;
  const labelsOf = outcomeLabeller(province);
  const out: BacktestRow[] = [];
  const previous = new Map<string, { ids: Map<string, number>; score: Float64Array; classes: Uint8Array }>();
  for (const [k, period] of options.months.entries()) {
    const base = options.indicatorsAt(period);
    const zeros = new Float64Array(base.rowCount);
    const frame = base.withColumn("is_revoked", zeros).withColumn("is_deregistered", zeros);
    const ids = frame.ids();
    const label = labelsOf(ids, period, horizon);
    const { entityType, industry } = registerAttributes(province, frame);
    for (const candidate of candidates) {
      const c = classifyFrame(candidate.models, frame, { attributes: { entityType, industry } });
      const prior = previous.get(candidate.name);
      let psi = Number.NaN;
      let stability = Number.NaN;
      if (prior !== undefined) {
        psi = populationStabilityIndex(prior.score, c.scores.risk);
        stability = classStability(
          Uint8Array.from(ids, (id) => {
            const r = prior.ids.get(id);
            return r === undefined ? 255 : (prior.classes[r] as number);
          }),
          c.riskClass,
        );
      }
      const classScore = Float64Array.from(c.riskClass);
      out.push({
        candidate: candidate.name,
        period,
        enterprises: c.count,
        parts: rankingByPart(c.scores.risk, label, c.model).map((p) => partOf(p, candidate.models, c.model, c.riskClass, c.scores.probability, label)),
        byClass: adverseRateByClass(c.riskClass, label),
        classRanking: scoreMetrics(classScore, label),
        classRoc: rocCurve(classScore, label),
        overrides: overrideEffects(c, label),
        psi,
        stability,
      });
      // Kept for the next month's stability and PSI; the last month has none.
      if (k < options.months.length - 1)
        previous.set(candidate.name, { ids: new Map(ids.map((id, r) => [id, r])), score: c.scores.risk, classes: c.riskClass });
    }
  }
  return out;
}

/** A part's ranking with its id, adverse rate by final class and (for probabilities) calibration. */
function partOf(p: PartRanking, models: ModelSet, model: Uint8Array, riskClass: Uint8Array, probability: Float64Array, label: Uint8Array): BacktestPart {
  const classes = new Uint8Array(p.rows);
  const labels = new Uint8Array(p.rows);
  let k = 0;
  let predicted = 0;
  let adverse = 0;
  let brier = 0;
  let withProbability = probability.length > 0;
  for (let r = 0; r < model.length; r++) {
    if (model[r] !== p.model) continue;
    const y = label[r] as number;
    classes[k] = riskClass[r] as number;
    labels[k++] = y;
    adverse += y;
    if (!withProbability) continue;
    const q = probability[r] as number;
    if (Number.isNaN(q)) withProbability = false;
    predicted += q;
    brier += (q - y) ** 2;
  }
  const n = Math.max(p.rows, 1);
  return {
    ...p,
    id: models.models[p.model]?.id ?? String(p.model),
    byClass: adverseRateByClass(classes, labels),
    calibration: withProbability ? { predicted: predicted / n, observed: adverse / n, brier: brier / n } : null,
  };
}
