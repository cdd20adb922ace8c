import { createRandom, seedWords } from "@creditclass/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { workerHistograms } from "../src/gbm/grow-tree.js";
import type { GbmModelDocument } from "../src/index.js";
import { explainGbm, fitGbm, fitLogistic, gbmModelSchema, predictGbm, predictProbability, scoreMetrics } from "../src/index.js";

type Columns = Record<string, Float64Array>;

/** n rows of standard-normal features and a label drawn from logit(features); `missing` share of x3 set to NaN. */
function simulate(n: number, seed: string, logit: (x: number[]) => number, features = 3, missing = 0): { columns: Columns; y: Uint8Array } {
  const r = createRandom(seedWords(seed), 0);
  const columns: Columns = {};
  for (let f = 0; f < features; f++) columns[`x${f + 1}`] = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: features }, () => r.normal());
    x.forEach((v, f) => {
      (columns[`x${f + 1}`] as Float64Array)[i] = v;
    });
    y[i] = r.next() < 1 / (1 + Math.exp(-logit(x))) ? 1 : 0;
    if (features >= 3 && r.next() < missing) (columns.x3 as Float64Array)[i] = Number.NaN;
  }
  return { columns, y };
}

function one(model: GbmModelDocument, row: number[]): number {
  return predictGbm(
    model,
    row.map((v) => Float64Array.of(v)),
  )[0] as number;
}

/** The path-dependent conditional expectation E[f(x) | x_S] of one tree, the way TreeSHAP defines it. */
function conditional(tree: GbmModelDocument["trees"][number], x: number[], known: Set<number>, node = 0): number {
  const f = tree.feature[node] as number;
  if (f < 0) return tree.value[node] as number;
  const l = tree.left[node] as number;
  const r = tree.right[node] as number;
  if (known.has(f)) {
    const v = x[f] as number;
    const left = v <= (tree.threshold[node] as number) || (Number.isNaN(v) && tree.missingLeft[node]);
    return conditional(tree, x, known, left ? l : r);
  }
  const cl = tree.cover[l] as number;
  const cr = tree.cover[r] as number;
  return (cl * conditional(tree, x, known, l) + cr * conditional(tree, x, known, r)) / (cl + cr);
}

/** Shapley values by enumerating every feature subset. */
function bruteShapley(model: GbmModelDocument, x: number[]): number[] {
  const m = model.features.length;
  const value = (mask: number): number => {
    const known = new Set<number>();
    for (let f = 0; f < m; f++) if (mask & (1 << f)) known.add(f);
    return model.trees.reduce((s, t) => s + conditional(t, x, known), model.baseScore);
  };
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const phi = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if (mask & (1 << i)) continue;
      let size = 0;
      for (let f = 0; f < m; f++) if (mask & (1 << f)) size++;
      const weight = (factorial(size) * factorial(m - size - 1)) / factorial(m);
      phi[i] = (phi[i] as number) + weight * (value(mask | (1 << i)) - value(mask));
    }
  }
  return phi;
}

describe("fitGbm monotone constraints", () => {
  // x1 raises risk but with wiggles; x2 lowers it with wiggles: unconstrained trees follow the wiggles.
  const { columns, y } = simulate(3000, "monotone", ([a = 0, b = 0, c = 0]) => a + Math.sin(4 * a) - b - Math.cos(4 * b) + c * c, 3, 0.1);
  const { model } = fitGbm(columns, y, { monotone: { x1: 1, x2: -1 }, iterations: 60, seed: "m" });
  const value = fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constant(Number.NaN));

  it("raising a +1 feature never lowers the score, raising a −1 feature never raises it", () => {
    expect(model.trees.some((t) => t.feature.includes(0))).toBe(true);
    expect(model.trees.some((t) => t.feature.includes(1))).toBe(true);
    fc.assert(
      fc.property(
        fc.double({ min: -4, max: 4, noNaN: true }),
        fc.double({ min: -4, max: 4, noNaN: true }),
        value,
        fc.double({ min: 0, max: 4, noNaN: true }),
        (a, b, c, d) => {
          expect(one(model, [a + d, b, c])).toBeGreaterThanOrEqual(one(model, [a, b, c]));
          expect(one(model, [a, b + d, c])).toBeLessThanOrEqual(one(model, [a, b, c]));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("records the directions, and without them the fit is not monotone here", () => {
    expect(model.features.map((f) => f.monotone)).toEqual([1, -1, 0]);
    const free = fitGbm(columns, y, { iterations: 60, seed: "m" }).model;
    const grid = Array.from({ length: 200 }, (_, i) => -3 + (6 * i) / 199);
    const scores = grid.map((a) => one(free, [a, 0, 0]));
    expect(scores.some((s, i) => i > 0 && s < (scores[i - 1] as number) - 1e-12)).toBe(true);
  });
});

describe("explainGbm (TreeSHAP)", () => {
  const { columns, y } = simulate(2000, "shap", ([a = 0, b = 0, c = 0, d = 0]) => a * b + c - 0.5 * d, 4, 0.15);
  const { model } = fitGbm(columns, y, { iterations: 8, maxDepth: 3, maxLeaves: 8, minSamplesLeaf: 10, seed: "s" });
  const rows = fc.array(fc.oneof(fc.double({ min: -3, max: 3, noNaN: true }), fc.constant(Number.NaN)), { minLength: 4, maxLength: 4 });

  it("contributions plus the expected value sum to the raw score within 1e-9", () => {
    fc.assert(
      fc.property(rows, (x) => {
        const e = explainGbm(model, x);
        const total = e.contributions.reduce((s, v) => s + v, e.expectedValue);
        expect(Math.abs(total - one(model, x))).toBeLessThan(1e-9);
        expect(e.score).toBeCloseTo(one(model, x), 12);
      }),
      { numRuns: 100 },
    );
  });

  it("matches brute-force Shapley values over all feature subsets", () => {
    fc.assert(
      fc.property(rows, (x) => {
        const e = explainGbm(model, x);
        bruteShapley(model, x).forEach((phi, f) => {
          expect(Math.abs((e.contributions[f] as number) - phi)).toBeLessThan(1e-9);
        });
      }),
      { numRuns: 30 },
    );
  });

  it("takes a row by feature name too", () => {
    const byName = explainGbm(model, { x1: 1, x2: -1, x3: Number.NaN, x4: 0 });
    expect(Array.from(byName.contributions)).toEqual(Array.from(explainGbm(model, [1, -1, Number.NaN, 0]).contributions));
  });
});

describe("fitGbm determinism and documents", () => {
  const { columns, y } = simulate(1500, "det", ([a = 0, b = 0]) => a - b, 3, 0.2);

  it("gives a byte-identical document for the same seed, and a different one for another seed", () => {
    const a = JSON.stringify(fitGbm(columns, y, { iterations: 30, seed: "42" }).model);
    const b = JSON.stringify(fitGbm(columns, y, { iterations: 30, seed: "42" }).model);
    expect(a).toBe(b);
    expect(JSON.stringify(fitGbm(columns, y, { iterations: 30, seed: "43" }).model)).not.toBe(a);
  });

  it("round-trips through JSON with identical predictions, and leaves its inputs alone", () => {
    const before = JSON.stringify({ c: Object.values(columns).map((c) => Array.from(c)), y: Array.from(y) });
    const { model, report } = fitGbm(columns, y, { iterations: 40, seed: "rt" });
    expect(JSON.stringify({ c: Object.values(columns).map((c) => Array.from(c)), y: Array.from(y) })).toBe(before);
    const reloaded = gbmModelSchema.parse(JSON.parse(JSON.stringify(model)));
    expect(Array.from(predictGbm(reloaded, columns))).toEqual(Array.from(predictGbm(model, columns)));
    expect(model.kind).toBe("creditclass.gbm-model");
    expect(model.trees.length).toBe(report.bestIteration);
    expect(model.training.bestIteration).toBe(report.bestIteration);
  });

  it("rejects a document whose child points backwards", () => {
    const { model } = fitGbm(columns, y, { iterations: 2, seed: "x" });
    const broken = JSON.parse(JSON.stringify(model));
    broken.trees[0].left[0] = 0;
    expect(gbmModelSchema.safeParse(broken).success).toBe(false);
  });
});

describe("fitGbm on two threads", () => {
  it("writes the same document as on one, and a worker did sum histograms", () => {
    const n = 30_000;
    const r = createRandom(seedWords("hist-threads"), 0);
    const columns: Record<string, Float64Array> = {};
    for (let f = 0; f < 9; f++) columns[`x${f}`] = Float64Array.from({ length: n }, () => (r.next() < 0.1 ? Number.NaN : r.normal()));
    const y = Uint8Array.from({ length: n }, (_, i) => {
      const v = (f: number): number => (columns[`x${f}`] as Float64Array)[i] || 0;
      return r.next() < 1 / (1 + Math.exp(-(v(0) * v(1) + 0.5 * v(2) - 0.3 * v(3)))) ? 1 : 0;
    });
    const options = { iterations: 12, seed: "t", monotone: { x2: 1 as const } };
    const one = fitGbm(columns, y, options);
    const before = workerHistograms.summed;
    const two = fitGbm(columns, y, { ...options, threads: 2 });
    expect(workerHistograms.summed).toBeGreaterThan(before);
    expect(JSON.stringify(two.model)).toBe(JSON.stringify(one.model));
  }, 60_000);
});

describe("fitGbm on an interaction", () => {
  it("beats a logistic regression on the raw features by ≥ 0.02 AUC on held-out rows", () => {
    const { columns, y } = simulate(8000, "interaction", ([a = 0, b = 0, c = 0]) => 2 * a * b + 0.5 * c);
    const cut = 5000;
    const part = (from: number, to: number): Columns => Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v.slice(from, to)]));
    const train = part(0, cut);
    const test = part(cut, 8000);
    const yTrain = y.slice(0, cut);
    const yTest = y.slice(cut);
    const gbm = fitGbm(train, yTrain, { iterations: 150, seed: "i" });
    const gbmAuc = scoreMetrics(predictGbm(gbm.model, test), yTest).auc;
    const names = Object.keys(train);
    const logistic = fitLogistic(names, Object.values(train), yTrain);
    const logisticAuc = scoreMetrics(predictProbability(logistic, Object.values(test)), yTest).auc;
    expect(gbm.report.bestIteration).toBeGreaterThan(0);
    expect(gbmAuc).toBeGreaterThanOrEqual(logisticAuc + 0.02);
  });
});

describe("fitGbm with missing values", () => {
  it("sends NaN down the learned direction, keeps predictions finite, and learns what missing means", () => {
    // A missing x3 means high risk here.
    const n = 3000;
    const r = createRandom(seedWords("missing"), 0);
    const x1 = new Float64Array(n);
    const x3 = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x1[i] = r.normal();
      const gone = r.next() < 0.3;
      x3[i] = gone ? Number.NaN : r.normal();
      y[i] = r.next() < 1 / (1 + Math.exp(-(gone ? 2 : -1 + 0.5 * (x1[i] as number)))) ? 1 : 0;
    }
    const { model } = fitGbm({ x1, x3 }, y, { iterations: 50, seed: "n" });
    const scores = predictGbm(model, { x1, x3 });
    expect(scores.every(Number.isFinite)).toBe(true);
    expect(model.trees.some((t) => t.feature.some((f, i) => f === 1 && !t.missingLeft[i]))).toBe(true);
    // Walk the document by hand: NaN follows missingLeft at every split on x3.
    for (let i = 0; i < 200; i++) {
      let s = model.baseScore;
      for (const t of model.trees) {
        let node = 0;
        while ((t.feature[node] as number) >= 0) {
          const v = (t.feature[node] === 0 ? x1[i] : x3[i]) as number;
          const left = Number.isNaN(v) ? t.missingLeft[node] : v <= (t.threshold[node] as number);
          node = (left ? t.left[node] : t.right[node]) as number;
        }
        s += t.value[node] as number;
      }
      expect(scores[i]).toBeCloseTo(s, 12);
    }
    let missingMean = 0;
    let presentMean = 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(x3[i] as number)) {
        missingMean += scores[i] as number;
        m++;
      } else presentMean += scores[i] as number;
    }
    expect(missingMean / m).toBeGreaterThan(1);
    expect(presentMean / (n - m)).toBeLessThan(-0.5);
    const all = predictGbm(model, { x1: new Float64Array([Number.NaN, 0]), x3: new Float64Array([Number.NaN, Number.NaN]) });
    expect(all.every(Number.isFinite)).toBe(true);
  });
});
