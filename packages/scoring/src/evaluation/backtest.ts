/**
 * Backtests of models or weight sets side by side on the same months: each candidate classifies
 * each month from the same point-in-time indicators, and is judged against the adverse outcomes
 * of the following months — ranking (AUC, KS, Gini), adverse rate by class with violations, PSI
 * of its score against the previous month, and class stability.
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
 * One candidate in one month.
 * @category Evaluation
 */
export interface BacktestRow {
  readonly candidate: string;
  readonly period: Period;
  readonly enterprises: number;
  readonly ranking: ScoreMetrics;
  readonly byClass: ClassAdverseRates;
  /** PSI of the score against the candidate's previous month (NaN for the first). */
  readonly psi: number;
  /** Share keeping its class from the candidate's previous month (NaN for the first). */
  readonly stability: number;
  /** The ROC curve, `[fpr, tpr]` pairs (see `rocCurve`). */
  readonly roc: readonly [number, number][];
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
 * rows.map((r) => [r.candidate, r.period, r.ranking.auc])
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
  for (const period of options.months) {
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
      out.push({
        candidate: candidate.name,
        period,
        enterprises: c.count,
        ranking: scoreMetrics(c.scores.risk, label),
        roc: rocCurve(c.scores.risk, label),
        byClass: adverseRateByClass(c.riskClass, label),
        psi,
        stability,
      });
      previous.set(candidate.name, { ids: new Map(ids.map((id, r) => [id, r])), score: c.scores.risk, classes: c.riskClass });
    }
  }
  return out;
}
