import { createRandom, seedWords } from "@creditclass/core";
import { describe, expect, it } from "vitest";
import { fitGradientLogistic, fitLogistic, predictProbability, scoreMetrics } from "../src/index.js";

/** Rows from a known model: logit = −1 + 2·x1 − 0.5·x2, x standard normal. */
function simulate(n: number, seed: string): { x1: Float64Array; x2: Float64Array; y: Uint8Array } {
  const r = createRandom(seedWords(seed), 0);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = r.normal();
    x2[i] = r.normal();
    y[i] = r.next() < 1 / (1 + Math.exp(-(-1 + 2 * (x1[i] ?? 0) - 0.5 * (x2[i] ?? 0)))) ? 1 : 0;
  }
  return { x1, x2, y };
}

describe("fitLogistic (IRLS)", () => {
  it("recovers known coefficients and says it converged", () => {
    const { x1, x2, y } = simulate(20_000, "known");
    const m = fitLogistic(["x1", "x2"], [x1, x2], y, { l2: 1e-6 });
    expect(m.fit.converged).toBe(true);
    expect(m.fit.iterations).toBeLessThan(15);
    expect(m.intercept).toBeCloseTo(-1, 1);
    expect(m.coefficients[0]).toBeCloseTo(2, 1);
    expect(m.coefficients[1]).toBeCloseTo(-0.5, 1);
    expect(scoreMetrics(predictProbability(m, [x1, x2]), y).auc).toBeGreaterThan(0.8);
  });

  it("reaches the same coefficients as ml-logistic-regression's gradient steps on a small problem", () => {
    const { x1, x2, y } = simulate(300, "small");
    const newton = fitLogistic(["x1", "x2"], [x1, x2], y, { l2: 0 });
    const gradient = fitGradientLogistic(["x1", "x2"], [x1, x2], y, { steps: 20_000, learningRate: 0.005 });
    expect(gradient.intercept).toBeCloseTo(newton.intercept, 3);
    for (const [j, b] of gradient.coefficients.entries()) expect(b).toBeCloseTo(newton.coefficients[j] ?? Number.NaN, 3);
    expect(gradient.fit.logLikelihood).toBeCloseTo(newton.fit.logLikelihood, 4);
  }, 30_000);

  it("shrinks coefficients with the L2 penalty and leaves the intercept free", () => {
    const { x1, x2, y } = simulate(2_000, "l2");
    const loose = fitLogistic(["x1", "x2"], [x1, x2], y, { l2: 0.01 });
    const tight = fitLogistic(["x1", "x2"], [x1, x2], y, { l2: 1_000 });
    expect(Math.abs(tight.coefficients[0] ?? 0)).toBeLessThan(Math.abs(loose.coefficients[0] ?? 0) / 2);
    const rate = y.reduce((s, v) => s + v, 0) / y.length;
    expect(1 / (1 + Math.exp(-tight.intercept))).toBeCloseTo(rate, 1);
  });

  it("integer row weights equal repeated rows", () => {
    const { x1, y } = simulate(400, "weights");
    const w = Float64Array.from(y, (_, i) => 1 + (i % 3));
    const weighted = fitLogistic(["x1"], [x1], y, { weights: w });
    const idx = Array.from(y, (_, i) => Array.from({ length: w[i] ?? 1 }, () => i)).flat();
    const repeated = fitLogistic(
      ["x1"],
      [Float64Array.from(idx, (i) => x1[i] ?? 0)],
      Uint8Array.from(idx, (i) => y[i] ?? 0),
    );
    expect(weighted.coefficients[0]).toBeCloseTo(repeated.coefficients[0] ?? Number.NaN, 8);
    expect(weighted.intercept).toBeCloseTo(repeated.intercept, 8);
  });

  it("reports non-convergence on separable data without a penalty, and refuses a singular system", () => {
    const x = new Float64Array([-2, -1, 1, 2]);
    const y = new Uint8Array([0, 0, 1, 1]);
    expect(fitLogistic(["x"], [x], y, { l2: 0, maxIterations: 30 }).fit.converged).toBe(false);
    expect(() => fitLogistic(["x", "copy"], [x, x], y, { l2: 0 })).toThrow("singular");
    expect(() => fitGradientLogistic(["x"], [x], new Uint8Array([0, 0, 0, 0]))).toThrow("labels must be 0 and 1");
  });
});
