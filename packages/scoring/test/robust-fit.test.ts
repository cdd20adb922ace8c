import type { LabelledTable } from "@creditclass/core";
import { createRandom, seedWords, ValidationError } from "@creditclass/core";
import { tableFromObjects } from "@creditclass/ingest";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { crossValidate, fitLogistic, fitTable, predictTable, syntheticTable } from "../src/index.js";
import { winsorisedStandardiser } from "../src/training/feature-preprocess.js";

/**
 * A table with the defects of a real export (constant, empty, duplicated, rescaled and collinear
 * columns, ±1e9 outliers, a column 40 % missing, a 1e9 spike column) and a 7 % adverse rate:
 * three of every four adverse rows of the synthetic table are left out.
 */
function hostileTable(rows: number, seed: string): LabelledTable {
  const t = syntheticTable({ rows, seed, defects: true });
  const objects = t.cells.map((c) => Object.fromEntries(t.header.map((h, k) => [h, c[k]]))).filter((o, i) => o.adverse === "0" || i % 4 === 0);
  return tableFromObjects(objects, { id: "id", label: "adverse", ignore: ["month"], categorical: ["sector"] });
}

const reasons = (dropped: readonly { indicator: string; reason: string }[]) => Object.fromEntries(dropped.map((d) => [d.indicator, d.reason]));

describe("robust table trainers on a real-looking table (issue 18)", () => {
  let table: LabelledTable;
  beforeAll(() => {
    table = hostileTable(6000, "robust");
  });

  it("the hostile table is what it claims to be", () => {
    const label = table.label as Uint8Array;
    const rate = label.reduce((s, v) => s + v, 0) / table.rows;
    expect(rate).toBeGreaterThan(0.06);
    expect(rate).toBeLessThan(0.08);
    const outliers = table.frame.column("outlier_ratio");
    const missing = outliers.filter((v) => Number.isNaN(v)).length / table.rows;
    expect(missing).toBeGreaterThan(0.37);
    expect(missing).toBeLessThan(0.43);
    expect(outliers.filter((v) => Math.abs(v) === 1e9).length).toBeGreaterThan(10);
    expect(table.frame.column("spike_count").filter((v) => v === 1e9).length).toBeGreaterThan(10);
  });

  it("both trainers fit, dropping constant, duplicate and collinear columns with their reasons", () => {
    const woe = fitTable(table, { method: "woe" });
    const raw = fitTable(table, { method: "raw" });
    for (const fit of [woe, raw]) {
      expect(fit.converged).toBe(true);
      const why = reasons(fit.dropped);
      expect(why).toMatchObject({
        constant_one: "constant",
        empty_ratio: "constant",
        spike_count: "constant",
        ratio_0_dup: "duplicate",
        ratio_0_pct: "duplicate",
      });
      const details = Object.fromEntries(fit.dropped.map((d) => [d.indicator, d.detail]));
      expect(details.constant_one).toBe("one value (1) in every non-missing training row");
      expect(details.empty_ratio).toBe("all missing in the training rows");
      expect(details.ratio_0_pct).toBe("the same as ratio_0 up to scale (|r| = 1)");
      expect(fit.model.training?.dropped).toEqual(fit.dropped);
      expect(fit.kept).toContain("outlier_ratio");
      const p = predictTable(fit.model, table);
      expect([...p].every((v) => v > 0 && v < 1)).toBe(true);
    }
    // On the raw values the sum of two shares is (nearly) their linear combination; over WoE it is not.
    const collinear = raw.dropped.filter((d) => d.reason === "collinear");
    expect(collinear.map((d) => d.indicator)).toEqual(["share_b"]);
    expect(collinear[0]?.detail).toMatch(/^R² = 0\.99\d\d ≥ 0\.99 on the kept indicators together \(closest: share_ab \|r\| = 0\.\d\d, share_a /);
    expect(raw.dropped.find((d) => d.indicator === "spike_count")?.detail).toContain("winsorised at the 1 % and 99 % quantiles");
    expect(woe.dropped.find((d) => d.indicator === "spike_count")?.detail).toMatch(/^a single bin/);
  });

  it("the raw trainer standardises on winsorised statistics and caps in scoring, so a 1e9 outlier scores like the 99th percentile", () => {
    const { model } = fitTable(table, { method: "raw" });
    expect(model.training?.winsorised).toEqual({ lower: 0.01, upper: 0.99, definition: "Hyndman-Fan type 7" });
    const feature = model.features.find((f) => f.indicator === "outlier_ratio");
    const pre = feature?.preprocess;
    if (pre?.kind !== "standardise") throw new Error("outlier_ratio is not standardised");
    const present = [...table.frame.column("outlier_ratio")].filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    expect(pre.cap?.max).toBeLessThan(1e3);
    expect(pre.cap?.max).toBeGreaterThan(present[Math.floor(0.98 * present.length)] as number);
    expect(pre.cap?.min).toBeGreaterThan(-1e9);
    const one = (v: number) =>
      tableFromObjects([{ id: "x", ...Object.fromEntries(model.features.map((f) => [f.indicator, 0])), outlier_ratio: v, sector: "A" }], {
        id: "id",
        categorical: ["sector"],
      });
    // Categorical codes differ between a one-row table and the training table; only the numeric input moves here.
    expect(predictTable(model, one(1e9))[0]).toBeCloseTo(predictTable(model, one(pre.cap?.max as number))[0] as number, 12);
  });

  it("cross-validates both trainers, reporting each fold's convergence and left-out indicators", () => {
    for (const method of ["woe", "raw"] as const) {
      const cv = crossValidate(table, { method }, { folds: 5, seed: "robust" });
      expect(cv.folds).toHaveLength(5);
      expect(cv.pooled.auc).toBeGreaterThan(0.75);
      for (const f of cv.folds) {
        expect(f.converged).toBe(true);
        expect(reasons(f.dropped)).toMatchObject({ constant_one: "constant", ratio_0_dup: "duplicate" });
      }
      expect([...cv.predicted].every((v) => v > 0 && v < 1)).toBe(true);
    }
  }, 60_000);

  it("reports non-convergence in the fit and the model instead of throwing", () => {
    const fit = fitTable(table, { method: "raw", tolerance: 0 });
    expect(fit.converged).toBe(false);
    expect(fit.model.training?.converged).toBe(false);
    expect(fit.fit.fit.iterations).toBe(100);
    expect([...predictTable(fit.model, table)].every((v) => v > 0 && v < 1)).toBe(true);
  });

  it("fits without a penalty too (a ridge against rounding only)", () => {
    const fit = fitTable(table, { method: "raw", l2: 0 });
    expect(fit.model.training?.l2).toBe(0);
    expect([...predictTable(fit.model, table)].every((v) => v > 0 && v < 1)).toBe(true);
  });

  it("a label with one class is a ValidationError, not a crash", () => {
    const objects = [1, 2, 3, 4].map((i) => ({ id: `e${i}`, y: 0, x: i }));
    const oneClass = tableFromObjects(objects, { id: "id", label: "y" });
    expect(() => fitTable(oneClass)).toThrow(ValidationError);
    expect(() => fitTable(oneClass)).toThrow("the label has one class in the training rows (0 adverse of 4): nothing to learn");
    expect(() => crossValidate(oneClass, { method: "raw" })).toThrow(ValidationError);
  });

  it("fits any numeric table with both outcomes, or says in one line that nothing is informative (property)", () => {
    const column = fc.record({
      kind: fc.constantFrom("normal", "constant", "empty", "copy", "scaled", "sum", "spiky", "huge"),
      missing: fc.constantFrom(0, 0.4, 0.9),
    });
    fc.assert(
      fc.property(fc.array(column, { minLength: 1, maxLength: 8 }), fc.integer({ min: 40, max: 300 }), fc.string(), (specs, n, seed) => {
        const r = createRandom(seedWords(seed), 0);
        const cols: number[][] = [];
        for (const spec of specs) {
          const base = cols[0] ?? Array.from({ length: n }, () => r.normal());
          const other = cols[1] ?? base;
          const values = Array.from({ length: n }, (_, i) => {
            const b = base[i] as number;
            switch (spec.kind) {
              case "constant":
                return 7;
              case "empty":
                return Number.NaN;
              case "copy":
                return b;
              case "scaled":
                return -100 * b;
              case "sum":
                return b + (other[i] as number);
              case "spiky":
                return r.next() < 0.02 ? 1e9 : r.normal();
              case "huge":
                return r.next() < 0.05 ? (r.next() < 0.5 ? -1e300 : 1e300) : Math.exp(3 * r.normal());
              default:
                return r.normal();
            }
          });
          cols.push(values.map((v) => (r.next() < spec.missing ? Number.NaN : v)));
        }
        const signal = cols.find((c) => c.some((v) => Number.isFinite(v))) ?? [];
        const y = Array.from({ length: n }, (_, i) => (i < 2 ? i : r.next() < 0.07 + 0.3 * Number((signal[i] ?? 0) > 1) ? 1 : 0));
        const objects = y.map((label, i) => ({
          id: `e${i}`,
          y: label,
          ...Object.fromEntries(cols.map((c, j) => [`x${j}`, Number.isNaN(c[i] as number) ? "" : c[i]])),
        }));
        const t = tableFromObjects(objects, { id: "id", label: "y" });
        for (const method of ["woe", "raw"] as const) {
          try {
            const fit = fitTable(t, { method, minIv: 0 });
            expect([...predictTable(fit.model, t)].every((v) => v > 0 && v < 1)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationError);
            expect((error as Error).message).toMatch(/no indicator passes the selection/);
            expect((error as Error).message).not.toContain("\n");
          }
        }
      }),
      { numRuns: 100, seed: 18 },
    );
  }, 60_000);
});

describe("fitLogistic never dies on a penalised system", () => {
  it("converges on heavy-tailed designs where full Newton steps overshoot to saturation (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 1500 }), fc.integer({ min: 1, max: 12 }), fc.string(), (n, p, seed) => {
        const r = createRandom(seedWords(seed), 0);
        const cols = Array.from({ length: p }, (_, j) =>
          Float64Array.from({ length: n }, () => (j % 2 === 0 ? Math.exp(2 * r.normal()) / 10 : r.next() < 0.01 ? Math.sqrt(n) : r.normal())),
        );
        const y = Uint8Array.from({ length: n }, (_, i) => (r.next() < 0.07 + 0.5 * Number((cols[0]?.[i] ?? 0) > 1) ? 1 : 0));
        const m = fitLogistic(
          cols.map((_, j) => `x${j}`),
          cols,
          y,
          { l2: 1 },
        );
        expect(m.fit.converged).toBe(true);
        expect([m.intercept, ...m.coefficients].every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 40, seed: 18 },
    );
  }, 60_000);

  it("a design that made the old solver throw 'singular' now converges by halving its steps", () => {
    // Found by a search over random heavy-tailed designs: full Newton steps saturate every probability.
    const r = createRandom(seedWords("73"), 0);
    const cols = Array.from({ length: 4 }, () => Float64Array.from({ length: 800 }, () => Math.exp(2 * r.normal()) / 10));
    const y = Uint8Array.from({ length: 800 }, (_, i) => (r.next() < 0.07 + 0.5 * Number((cols[0]?.[i] ?? 0) > 1) ? 1 : 0));
    const m = fitLogistic(["a", "b", "c", "d"], cols, y, { l2: 1 });
    expect(m.fit.converged).toBe(true);
  });

  it("adds a ridge instead of throwing when asked, and records it; reports running out of iterations", () => {
    const x = new Float64Array([-2, -1, 1, 2, 0.5, -0.5]);
    const y = new Uint8Array([0, 1, 1, 0, 1, 0]);
    const m = fitLogistic(["x", "copy"], [x, x], y, { l2: 0, singular: "ridge" });
    expect(m.fit.parameters.ridge).toBeGreaterThan(0);
    expect(m.coefficients[0]).toBeCloseTo(m.coefficients[1] as number, 6);
    const short = fitLogistic(["x"], [x], y, { maxIterations: 1 });
    expect(short.fit).toMatchObject({ converged: false, iterations: 1 });
    // A clean fit records no ridge and no halvings: its parameters are those it was given.
    expect(Object.keys(fitLogistic(["x"], [x], y).fit.parameters)).toEqual(["l2", "tolerance", "maxIterations"]);
  });
});

describe("winsorisedStandardiser", () => {
  it("caps at the type-7 1 % and 99 % quantiles before the mean and standard deviation, without touching its input", () => {
    const x = Float64Array.from({ length: 1000 }, (_, i) => (i === 999 ? 1e9 : i));
    const before = Float64Array.from(x);
    const pre = winsorisedStandardiser(x);
    expect(x).toEqual(before);
    expect(pre).toMatchObject({ kind: "standardise", log: false, cap: { min: 9.99, max: 989.01 } });
    expect(pre?.kind === "standardise" && pre.mean).toBeCloseTo(499.5, 9);
    expect(winsorisedStandardiser(new Float64Array([3, 3, 3, Number.NaN]))).toBeUndefined();
    expect(winsorisedStandardiser(new Float64Array([Number.NaN]))).toBeUndefined();
    // 99 % one value: constant once winsorised.
    expect(winsorisedStandardiser(Float64Array.from({ length: 1000 }, (_, i) => (i < 5 ? 1e9 : 0)))).toBeUndefined();
    const infinite = winsorisedStandardiser(
      Float64Array.from({ length: 200 }, (_, i) => (i === 0 ? Number.POSITIVE_INFINITY : i === 1 ? Number.NEGATIVE_INFINITY : i)),
    );
    expect(infinite?.kind === "standardise" && [infinite.mean, infinite.sd, infinite.cap?.min, infinite.cap?.max].every(Number.isFinite)).toBe(true);
  });
});
