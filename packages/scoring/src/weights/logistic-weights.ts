/**
 * Scorecard weights from a fitted logistic regression on standardised indicators: an
 * indicator's weight is its |coefficient| (comparable, since every input has unit variance)
 * over the sum; family weights are the sums per family. A coefficient whose sign contradicts the
 * indicator's catalog direction (a risk indicator that lowers risk) gets weight 0 and is listed,
 * since a scorecard must not reward risk.
 * @module
 */
import type { IndicatorFamily } from "@creditclass/core";
import { INDICATOR_CATALOG } from "@creditclass/core";
import type { LogisticModelDocument } from "../model/model-schema.js";

/**
 * Weights with their evidence.
 * @category Weights
 */
export interface LogisticWeights {
  readonly indicators: readonly {
    readonly indicator: string;
    readonly family: IndicatorFamily | undefined;
    readonly coefficient: number;
    /** Share of the total absolute coefficient (0 when the sign is wrong). */
    readonly weight: number;
    /** Weight within its family. */
    readonly withinFamily: number;
    readonly signAgrees: boolean;
  }[];
  readonly families: Readonly<Partial<Record<IndicatorFamily, number>>>;
  /** Indicators left out for a sign against their direction. */
  readonly wrongSign: readonly string[];
}

/**
 * Derives weights from a trained model.
 *
 * @param model - A logistic-regression document whose features are standardised.
 * @returns Indicator and family weights, coefficients, sign checks.
 * @throws {RangeError} When a feature is WoE-binned (its coefficient scales WoE, not the indicator).
 * @example
 * weightsFromLogistic(trained).families //=> { supervision: 0.46, social: 0.31, … }
 * @category Weights
 */
export function weightsFromLogistic(model: LogisticModelDocument): LogisticWeights {
  const meta = new Map(INDICATOR_CATALOG.map((m) => [m.id, m] as const));
  const rows = model.features.map((f) => {
    if (f.preprocess.kind !== "standardise") throw new RangeError(`${f.indicator} is WoE-binned: weights need standardised features`);
    const m = meta.get(f.indicator);
    // Risk indicators should raise the risk (β > 0); safety indicators lower it (β < 0).
    const signAgrees = m === undefined || f.coefficient === 0 || (m.direction === "risk") === f.coefficient > 0;
    return { indicator: f.indicator, family: m?.family, coefficient: f.coefficient, signAgrees, size: signAgrees ? Math.abs(f.coefficient) : 0 };
  });
  const total = rows.reduce((s, r) => s + r.size, 0) || 1;
  const families: Partial<Record<IndicatorFamily, number>> = {};
  for (const r of rows) if (r.family !== undefined) families[r.family] = (families[r.family] ?? 0) + r.size / total;
  return {
    indicators: rows.map((r) => {
      const familyTotal = r.family === undefined ? 0 : (families[r.family] ?? 0) * total;
      return {
        indicator: r.indicator,
        family: r.family,
        coefficient: r.coefficient,
        weight: r.size / total,
        withinFamily: familyTotal === 0 ? 0 : r.size / familyTotal,
        signAgrees: r.signAgrees,
      };
    }),
    families,
    wrongSign: rows.filter((r) => !r.signAgrees).map((r) => r.indicator),
  };
}
