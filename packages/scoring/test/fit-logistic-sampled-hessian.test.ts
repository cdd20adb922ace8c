import { createRandom, seedWords } from "@creditclass/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitLogistic } from "../src/index.js";

/** n rows × p features (scaled, shifted normals), labels from a logistic model of them, rows sorted by label when asked (the worst case for a sample). */
function problem(n: number, p: number, seed: string, sorted = false): { columns: Float64Array[]; y: Uint8Array; weights: Float64Array } {
  const r = createRandom(seedWords(seed), 0);
  const scale = Array.from({ length: p }, () => 0.2 + 3 * r.next());
  const beta = Array.from({ length: p }, () => (r.next() - 0.5) / 2);
  const rows = Array.from({ length: n }, () => {
    const x = scale.map((s) => s * r.normal() + 1);
    const z = -1 + x.reduce((t, v, j) => t + (beta[j] ?? 0) * v, 0);
    return { x, y: r.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0, w: 0.5 + r.next() };
  });
  if (sorted) rows.sort((a, b) => a.y - b.y);
  return {
    columns: Array.from({ length: p }, (_, j) => Float64Array.from(rows, (row) => row.x[j] ?? 0)),
    y: Uint8Array.from(rows, (row) => row.y),
    weights: Float64Array.from(rows, (row) => row.w),
  };
}

/** Largest difference between two fits' intercepts and coefficients. */
function gap(a: ReturnType<typeof fitLogistic>, b: ReturnType<typeof fitLogistic>): number {
  return Math.max(Math.abs(a.intercept - b.intercept), ...a.coefficients.map((v, j) => Math.abs(v - (b.coefficients[j] ?? Number.NaN))));
}

describe("fitLogistic with a Hessian from sampled rows (large n)", () => {
  it("reaches the optimum of the full Hessian: same coefficients, same log-likelihood", () => {
    const { columns, y } = problem(20_000, 6, "sampled");
    const names = columns.map((_, j) => `x${j}`);
    const full = fitLogistic(names, columns, y, { hessianRows: Number.POSITIVE_INFINITY });
    const sampled = fitLogistic(names, columns, y, { hessianRows: 1_024 });
    expect(full.fit.parameters.hessianRows).toBeUndefined();
    // Whole blocks of 512 rows, every k-th: at least the rows asked for, far fewer than all.
    expect(sampled.fit.parameters.hessianRows).toBeGreaterThanOrEqual(1_024);
    expect(sampled.fit.parameters.hessianRows).toBeLessThan(2_048);
    expect(sampled.fit.converged).toBe(true);
    expect(gap(full, sampled)).toBeLessThan(1e-7);
    expect(sampled.fit.logLikelihood).toBeCloseTo(full.fit.logLikelihood, 6);
  });

  it("uses every row below 4 × hessianRows, so smaller problems fit exactly as before", () => {
    const { columns, y } = problem(4 * 1_024, 3, "threshold");
    const names = columns.map((_, j) => `x${j}`);
    const at = fitLogistic(names, columns, y, { hessianRows: 1_024 });
    expect(at.fit.parameters.hessianRows).toBeUndefined();
    expect(at).toEqual(fitLogistic(names, columns, y, { hessianRows: Number.POSITIVE_INFINITY }));
    // The default threshold is 4 × 65,536 rows.
    expect(fitLogistic(names, columns, y)).toEqual(at);
  });

  it("property: same optimum as the full Hessian for any design, penalty and row weights, rows sorted by label or not", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5_000, max: 12_000 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(0.01, 1, 30),
        fc.boolean(),
        fc.boolean(),
        fc.string({ maxLength: 6 }),
        (n, p, l2, weighted, sorted, seed) => {
          const { columns, y, weights } = problem(n, p, `property-${seed}`, sorted);
          const names = columns.map((_, j) => `x${j}`);
          const options = { l2, ...(weighted ? { weights } : {}) };
          const full = fitLogistic(names, columns, y, { ...options, hessianRows: Number.POSITIVE_INFINITY });
          const sampled = fitLogistic(names, columns, y, { ...options, hessianRows: 512 });
          expect(sampled.fit.converged).toBe(true);
          expect(gap(full, sampled)).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 25 },
    );
  });
});
