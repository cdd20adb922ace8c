/**
 * The indicator engine of `@creditclass/ingest` as the source engines ask for.
 * @module
 */
import type { IndicatorSource, ProvinceColumns } from "@creditclass/core";
import type { IndicatorOptions } from "@creditclass/ingest";
import { computeIndicators } from "@creditclass/ingest";

/**
 * The point-in-time indicators of a province, month by month, for `backtest`,
 * `buildTrainingSet` and `evaluateMonth`.
 *
 * @param province - Columns from `loadProvinceColumns`.
 * @param options - Custom indicators and validity periods.
 * @returns A function from a month to its indicator frame.
 * @example
 * const rows = backtest(province, candidates, { months, indicatorsAt: indicatorSource(province) });
 * @category Monthly job
 */
export function indicatorSource(province: ProvinceColumns, options?: IndicatorOptions): IndicatorSource {
  return (period) => computeIndicators(province, period, options);
}
