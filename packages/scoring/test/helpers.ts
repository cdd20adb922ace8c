import type { RiskClass } from "@creditclass/core";
import { IndicatorFrame, RISK_CLASSES } from "@creditclass/core";
import type { Classification, ScorecardInput } from "../src/index.js";

/** A two-family scorecard over penalties and complaints, 0–100 points, thresholds on the raw score. */
export function smallScorecard(overrides: Partial<ScorecardInput> = {}): ScorecardInput {
  return {
    kind: "creditclass.scorecard",
    version: 1,
    id: "small",
    name: { zh: "小模型", en: "small model" },
    families: {
      supervision: {
        weight: 0.6,
        indicators: [
          {
            indicator: "penalties_12m",
            weight: 1,
            transform: {
              kind: "bins",
              bins: [
                { max: 0, maxClosed: true, points: 100 },
                { min: 0, minClosed: false, max: 2, maxClosed: true, points: 50 },
                { min: 2, minClosed: false, points: 0 },
              ],
            },
            missing: { policy: "worst" },
          },
        ],
      },
      social: {
        weight: 0.4,
        indicators: [
          {
            indicator: "complaints_12m",
            weight: 0.5,
            transform: {
              kind: "piecewise",
              knots: [
                [0, 100],
                [10, 0],
              ],
            },
            missing: { policy: "neutral" },
          },
          {
            indicator: "reports_12m",
            weight: 0.5,
            transform: { kind: "numeric", cap: { min: 0, max: 5 }, multiply: -20, add: 100 },
            missing: { policy: "impute", value: 0 },
          },
        ],
      },
    },
    classes: { method: "thresholds", A: { atLeast: 90 }, B: { atLeast: 70 }, C: { atLeast: 40 } },
    ...overrides,
  };
}

/** A frame over the three indicators of {@link smallScorecard} plus list flags; NaN = missing. */
export function smallFrame(rows: readonly Partial<Record<string, number>>[]): IndicatorFrame {
  return IndicatorFrame.fromObjects(
    rows.map((r, i) => ({
      uscc: `E${String(i).padStart(3, "0")}`,
      penalties_12m: r.penalties_12m ?? 0,
      complaints_12m: r.complaints_12m ?? 0,
      reports_12m: r.reports_12m ?? 0,
      on_serious_list: r.on_serious_list ?? 0,
      on_abnormal_list: r.on_abnormal_list ?? 0,
      is_new_enterprise: r.is_new_enterprise ?? 0,
      serious_penalties_36m: r.serious_penalties_36m ?? 0,
    })),
  );
}

/** Final classes as letters. */
export function letters(c: Classification): RiskClass[] {
  return Array.from(c.riskClass, (k) => RISK_CLASSES[k] as RiskClass);
}
