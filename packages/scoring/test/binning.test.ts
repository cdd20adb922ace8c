import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binIndicator, parseModel } from "../src/index.js";
import { toScorecardTransform, toWoePreprocess } from "../src/training/bin-indicator.js";

describe("binIndicator", () => {
  it("gives known WoE and IV, with missing and special values in bins of their own", () => {
    // Values 0 (8 rows, 1 adverse), 1 (8 rows, 4 adverse), missing (4 rows, 2 adverse), special −1 (4 rows, 0 adverse).
    const x = new Float64Array([...Array(8).fill(0), ...Array(8).fill(1), ...Array(4).fill(Number.NaN), ...Array(4).fill(-1)]);
    const y = [1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0];
    const b = binIndicator("v", x, y, { fineBins: 2, minShare: 0, specialValues: [-1] });
    expect(b.bins.map((k) => [k.kind, k.count, k.adverse])).toEqual([
      ["numeric", 8, 1],
      ["numeric", 8, 4],
      ["special", 4, 0],
      ["missing", 4, 2],
    ]);
    expect(b.direction).toBe("increasing");
    // WoE of the first bin: ln(((1 + .5) / (7 + .5)) / ((7 + .5) / (17 + .5))).
    expect(b.bins[0]?.woe).toBeCloseTo(Math.log(1.5 / 7.5 / (7.5 / 17.5)), 12);
    expect(b.iv).toBeCloseTo(
      b.bins.reduce((s, k) => s + k.iv, 0),
      12,
    );
    expect(b.bins[0]).toMatchObject({ max: 0, minClosed: true, maxClosed: true });
    expect(b.bins[1]).toMatchObject({ min: 0, minClosed: false, maxClosed: false });
  });

  it("makes the adverse rate monotone and the bins usable as model bins (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.boolean()), { minLength: 20, maxLength: 300 }),
        fc.constantFrom("increasing" as const, "decreasing" as const),
        (rows, monotone) => {
          const x = new Float64Array(rows.map(([v]) => v));
          const y = rows.map(([, bad]) => (bad ? 1 : 0));
          const b = binIndicator("v", x, y, { monotone, minShare: 0.1 });
          const rates = b.bins.filter((k) => k.kind === "numeric").map((k) => k.adverseRate);
          for (let i = 1; i < rates.length; i++) {
            if (monotone === "increasing") expect(rates[i]).toBeGreaterThanOrEqual(rates[i - 1] as number);
            else expect(rates[i]).toBeLessThanOrEqual(rates[i - 1] as number);
          }
          expect(b.bins.reduce((s, k) => s + k.count, 0)).toBe(rows.length);
          // The bins tile the line: a scorecard built from them validates.
          const { transform, missing } = toScorecardTransform(b);
          const model = {
            kind: "creditclass.scorecard",
            version: 1,
            id: "m",
            name: { zh: "m", en: "m" },
            families: { social: { weight: 1, indicators: [{ indicator: "complaints_12m", weight: 1, transform, missing }] } },
            classes: { method: "proportions", A: 0.25, B: 0.25, C: 0.25, D: 0.25 },
          };
          expect(() => parseModel(model)).not.toThrow();
          expect(toWoePreprocess(b).bins).toHaveLength(transform.bins.length);
        },
      ),
      { numRuns: 150 },
    );
  });
});
