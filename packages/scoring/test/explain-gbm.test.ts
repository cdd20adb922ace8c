import { createRandom, IndicatorFrame, seedWords } from "@creditclass/core";
import { describe, expect, it } from "vitest";
import { workerRanges } from "../src/gbm/explain-gbm.js";
import type { GbmModelDocument } from "../src/index.js";
import { classifyGbm, explainGbm, fitGbm, predictGbm } from "../src/index.js";

/** The path-dependent conditional expectation E[f(x) | x_S] of one tree, the way TreeSHAP defines it. */
function conditional(tree: GbmModelDocument["trees"][number], x: number[], known: Set<number>, node = 0): number {
  const f = tree.feature[node] as number;
  if (f < 0) return tree.value[node] as number;
  const l = tree.left[node] as number;
  const r = tree.right[node] as number;
  if (known.has(f)) {
    const v = x[f] as number;
    return conditional(tree, x, known, v <= (tree.threshold[node] as number) || (Number.isNaN(v) && tree.missingLeft[node]) ? l : r);
  }
  const cl = tree.cover[l] as number;
  const cr = tree.cover[r] as number;
  return (cl * conditional(tree, x, known, l) + cr * conditional(tree, x, known, r)) / (cl + cr);
}

/** Shapley values by enumerating every feature subset. */
function bruteShapley(model: GbmModelDocument, x: number[]): number[] {
  const m = model.features.length;
  const value = new Float64Array(1 << m);
  for (let mask = 0; mask < 1 << m; mask++) {
    const known = new Set<number>();
    for (let f = 0; f < m; f++) if (mask & (1 << f)) known.add(f);
    value[mask] = model.trees.reduce((s, t) => s + conditional(t, x, known), model.baseScore);
  }
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const phi = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++)
    for (let mask = 0; mask < 1 << m; mask++) {
      if (mask & (1 << i)) continue;
      let size = 0;
      for (let f = 0; f < m; f++) if (mask & (1 << f)) size++;
      phi[i] =
        (phi[i] as number) + ((factorial(size) * factorial(m - size - 1)) / factorial(m)) * ((value[mask | (1 << i)] as number) - (value[mask] as number));
    }
  return phi;
}

describe("explainGbm on deep trees (paths through more than 8 distinct features: the recursion, not the leaf tables)", () => {
  // Ten features, depth up to 12: many leaves' paths split on 9 or 10 distinct features.
  const n = 4000;
  const r = createRandom(seedWords("deep"), 0);
  const columns: Record<string, Float64Array> = {};
  for (let f = 0; f < 10; f++) columns[`x${f}`] = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let f = 0; f < 10; f++) {
      const v = r.normal();
      (columns[`x${f}`] as Float64Array)[i] = f === 9 && r.next() < 0.2 ? Number.NaN : v;
      z += (f % 2 === 0 ? 0.6 : -0.4) * v + 0.3 * Math.sin(3 * v);
    }
    y[i] = r.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  const { model } = fitGbm(columns, y, { iterations: 4, maxDepth: 12, maxLeaves: 200, minSamplesLeaf: 3, validationShare: 0, seed: "d" });

  it("has such paths, and still sums to the score and matches brute-force Shapley values", () => {
    const distinct = (t: GbmModelDocument["trees"][number], node = 0, seen: number[] = []): number => {
      const f = t.feature[node] as number;
      if (f < 0) return new Set(seen).size;
      return Math.max(distinct(t, t.left[node] as number, [...seen, f]), distinct(t, t.right[node] as number, [...seen, f]));
    };
    expect(Math.max(...model.trees.map((t) => distinct(t)))).toBeGreaterThan(8);
    for (let i = 0; i < 5; i++) {
      const x = Object.values(columns).map((c) => c[i] as number);
      const e = explainGbm(model, x);
      const score = predictGbm(
        model,
        Object.values(columns).map((c) => c.subarray(i, i + 1)),
      )[0] as number;
      expect(Math.abs(e.contributions.reduce((s, v) => s + v, e.expectedValue) - score)).toBeLessThan(1e-9);
      bruteShapley(model, x).forEach((phi, f) => {
        expect(Math.abs((e.contributions[f] as number) - phi)).toBeLessThan(1e-9);
      });
    }
  }, 60_000);
});

describe("TreeSHAP of infinite values", () => {
  it("follows −∞ down every left branch and +∞ down every right one, row by row and in blocks", () => {
    const n = 2000;
    const r = createRandom(seedWords("inf"), 0);
    const x1 = Float64Array.from({ length: n }, () => r.normal());
    const x2 = Float64Array.from({ length: n }, () => r.normal());
    const y = Uint8Array.from({ length: n }, (_, i) => (r.next() < 1 / (1 + Math.exp(-(x1[i] as number) + (x2[i] as number))) ? 1 : 0));
    const { model } = fitGbm({ x1, x2 }, y, { iterations: 20, seed: "inf" });
    const rows = [
      [Number.NEGATIVE_INFINITY, 0],
      [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
      [Number.NaN, Number.POSITIVE_INFINITY],
    ];
    const scores = predictGbm(model, [Float64Array.from(rows, (v) => v[0] as number), Float64Array.from(rows, (v) => v[1] as number)]);
    rows.forEach((x, i) => {
      const e = explainGbm(model, x);
      expect(Math.abs(e.contributions.reduce((s, v) => s + v, e.expectedValue) - (scores[i] as number))).toBeLessThan(1e-9);
    });
    const frame = IndicatorFrame.fromColumns({
      ids: rows.map((_, i) => `r${i}`),
      columns: { x1: Float64Array.from(rows, (v) => v[0] as number), x2: Float64Array.from(rows, (v) => v[1] as number) },
    });
    const c = classifyGbm(model, frame, { reasonCount: 2 });
    rows.forEach((x, i) => {
      const phi = explainGbm(model, x).contributions;
      const best = (phi[0] as number) >= (phi[1] as number) ? 0 : 1;
      if ((phi[best] as number) > 0) expect(c.reasonFeature[i * 2]).toBe(best);
    });
  });
});

describe("reasons on several threads", () => {
  it("are the same as on one, and each row's are its largest positive TreeSHAP contributions", () => {
    const n = 12_000;
    const r = createRandom(seedWords("threads"), 0);
    const names = ["a", "b", "c", "d", "e"];
    const columns = Object.fromEntries(names.map((name) => [name, Float64Array.from({ length: n }, () => (r.next() < 0.1 ? Number.NaN : r.normal()))]));
    const y = Uint8Array.from({ length: n }, (_, i) => {
      const v = (k: string): number => ((columns[k] as Float64Array)[i] as number) || 0;
      return r.next() < 1 / (1 + Math.exp(-(v("a") * v("b") + 0.5 * v("c") - 0.5 * v("d")))) ? 1 : 0;
    });
    const { model } = fitGbm(columns, y, { iterations: 30, seed: "t" });
    // Infinite values too: the worker's interval tests must treat them as this thread's do.
    (columns.a as Float64Array)[5] = Number.NEGATIVE_INFINITY;
    (columns.b as Float64Array)[9_000] = Number.POSITIVE_INFINITY;
    const frame = IndicatorFrame.fromColumns({ ids: Array.from({ length: n }, (_, i) => `r${i}`), columns });
    const one = classifyGbm(model, frame, { reasonCount: 3, threads: 1 });
    const answered = workerRanges.answered;
    const two = classifyGbm(model, frame, { reasonCount: 3, threads: 2 });
    // A worker explained the second half (not this thread after a failed worker).
    expect(workerRanges.answered).toBe(answered + 1);
    expect(Buffer.from(two.reasonFeature.buffer).equals(Buffer.from(one.reasonFeature.buffer))).toBe(true);
    expect(Buffer.from(new Uint8Array(two.reasonPoints.buffer)).equals(Buffer.from(new Uint8Array(one.reasonPoints.buffer)))).toBe(true);
    for (const i of [0, 5, 4_000, 6_500, 9_000, n - 1]) {
      const phi = explainGbm(
        model,
        names.map((name) => (columns[name] as Float64Array)[i] as number),
      ).contributions;
      const top = [...phi.entries()]
        .filter(([, v]) => v > 0)
        .sort((x, y) => y[1] - x[1] || x[0] - y[0])
        .slice(0, 3);
      expect(Array.from(two.reasonFeature.subarray(i * 3, i * 3 + top.length))).toEqual(top.map(([f]) => f));
      for (const [k, [, v]] of top.entries())
        expect(two.reasonPoints[i * 3 + k]).toBeCloseTo(v * (model.scale === undefined ? 1 : model.scale.pdo / Math.LN2), 9);
    }
  }, 60_000);
});
