/**
 * A trained model judged beside the national weighted model: a logistic regression trained on a
 * year of months before a validation month, and both models backtested on that month against
 * the adverse outcomes of the following year. Each row ranks per model part (the national default
 * set has two parts on different scales) and by final class (adverse rate by class, D-to-A lift).
 * @module
 */
import type { Period, ProvinceColumns } from "@creditclass/core";
import { addPeriods } from "@creditclass/core";
import type { IndicatorOptions } from "@creditclass/ingest";
import type { BacktestRow, LogisticModelDocument } from "@creditclass/scoring";
import { backtest, buildTrainingSet, DEFAULT_MODEL_SET, parseModel, trainLogisticModel } from "@creditclass/scoring";
import { indicatorSource } from "./indicator-source.js";

/**
 * Trains and compares.
 *
 * @param province - Columns from `loadProvinceColumns`.
 * @param end - The latest month; the validation month is 12 months before it, training the 12 before that.
 * @param options - Indicator options.
 * @returns The trained model document and one backtest row per model.
 * @example
 * const { judged } = compareModels(province, p("2026-10"));
 * judged.map((r) => [r.candidate, r.parts.map((p) => p.ranking.auc), r.byClass.lift]) //=> [["weighted scorecard (national default)", [0.518, 0.55], 1.96], ["logistic regression (trained)", [0.574], 2.55]]
 * @category Monthly job
 */
export function compareModels(
  province: ProvinceColumns,
  end: Period,
  options: { readonly indicators?: IndicatorOptions } = {},
): { model: LogisticModelDocument; judged: BacktestRow[] } {
  const indicatorsAt = indicatorSource(province, options.indicators);
  const validation = addPeriods(end, -12);
  const set = buildTrainingSet(province, { from: addPeriods(validation, -12), to: addPeriods(validation, -1), horizon: 12, indicatorsAt });
  const trained = trainLogisticModel(set, { id: "demo-logistic", name: { zh: "演示逻辑回归模型", en: "Demo logistic model" } });
  const judged = backtest(
    province,
    [
      { name: "weighted scorecard (national default)", models: DEFAULT_MODEL_SET },
      { name: "logistic regression (trained)", models: parseModel(trained.model) },
    ],
    { months: [validation], horizon: 12, indicatorsAt },
  );
  return { model: trained.model, judged };
}
