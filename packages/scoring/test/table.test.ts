import type { LabelledTable } from "@creditclass/core";
import { tableFromObjects } from "@creditclass/ingest";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { crossValidate, fitTable, predictTable, scoreMetrics, syntheticTable, timeSplit } from "../src/index.js";

const OPTIONS = { id: "id", label: "adverse", month: "month", categorical: ["sector"] };

function load(rows: number, seed: string): { table: LabelledTable; logit: Float64Array } {
  const t = syntheticTable({ rows, seed });
  const objects = t.cells.map((c) => Object.fromEntries(t.header.map((h, k) => [h, c[k]])));
  return { table: tableFromObjects(objects, OPTIONS), logit: t.logit };
}

describe("fitting on a bureau's own table", () => {
  let table: LabelledTable;
  let logit: Float64Array;
  beforeAll(() => {
    ({ table, logit } = load(12_000, "table"));
  });

  it("the binned scorecard clearly beats logistic regression on the raw heavy-tailed values, and nears the true model (cross-validated)", () => {
    const truth = scoreMetrics(logit, table.label as Uint8Array).auc;
    const woe = crossValidate(table, { method: "woe" }, { folds: 5, seed: "s" });
    const raw = crossValidate(table, { method: "raw" }, { folds: 5, seed: "s" });
    expect(woe.pooled.auc).toBeGreaterThan(raw.pooled.auc + 0.1);
    expect(truth - woe.pooled.auc).toBeLessThan(0.03);
    expect(woe.folds).toHaveLength(5);
    // Folds are stratified: every fold holds a fifth of the adverse cases (±1).
    const positives = (table.label as Uint8Array).reduce((s, v) => s + v, 0);
    for (const f of woe.folds) expect(Math.abs(f.metrics.positives - positives / 5)).toBeLessThanOrEqual(1);
    // Calibration: predictions rise by decile and track the observed rate.
    expect(woe.calibration.map((b) => b.rows).reduce((s, n) => s + n, 0)).toBe(table.rows);
    for (let d = 1; d < 10; d++) expect(woe.calibration[d]?.meanPredicted).toBeGreaterThan(woe.calibration[d - 1]?.meanPredicted ?? 1);
    const worst = woe.calibration[9];
    expect(Math.abs((worst?.meanPredicted ?? 0) - (worst?.observedRate ?? 1))).toBeLessThan(0.05);
    // Seeded: the same seed gives the same folds, another seed other folds.
    expect(crossValidate(table, { method: "woe" }, { folds: 5, seed: "s" }).predicted).toEqual(woe.predicted);
    expect(crossValidate(table, { method: "woe" }, { folds: 5, seed: "t" }).predicted).not.toEqual(woe.predicted);
  });

  it("selects by information value and drops near-duplicates, saying why", () => {
    const { kept, dropped, model } = fitTable(table);
    expect(kept).toContain("sector");
    expect(dropped.filter((d) => d.indicator.startsWith("noise_")).map((d) => d.reason)).toEqual(["low_iv", "low_iv", "low_iv", "low_iv"]);
    // Of each ratio and its near-copy exactly one is kept; the other is dropped as correlated with it.
    for (const k of [0, 4, 8, 12]) {
      const pair = [`ratio_${k}`, `ratio_${k}_copy`];
      const [inModel] = pair.filter((n) => kept.includes(n));
      const other = pair.find((n) => n !== inModel);
      expect(dropped.find((d) => d.indicator === other)?.detail).toMatch(new RegExp(`^\\|r\\| = 0\\.9\\d+ with ${inModel} \\(IV `));
    }
    expect(model.training?.dropped).toEqual(dropped);
    expect(model.scale).toEqual({ kind: "pdo", basePoints: 600, baseOdds: 50, pdo: 20 });
  });

  it("reloads from JSON and scores identically; missing, extreme and unseen values never give NaN", () => {
    const { model } = fitTable(table);
    const reloaded = JSON.parse(JSON.stringify(model));
    expect(predictTable(reloaded, table)).toEqual(predictTable(model, table));
    const odd = tableFromObjects(
      [
        { id: "x1", sector: "Q", ratio_0: "NA", count_1: "", ratio_4: "1e300", count_5: "-7" },
        { id: "x2", sector: "", ratio_0: "-1e300", count_1: "1e9", ratio_4: "?", count_5: "NULL" },
      ],
      { id: "id", categories: table.categories },
    );
    const complete = tableFromObjects(
      odd.frame
        .ids()
        .map((id, r) =>
          Object.fromEntries([["id", id], ...table.frame.columnNames.map((c) => [c, odd.frame.columnNames.includes(c) ? odd.frame.column(c)[r] : null])]),
        ),
      { id: "id" },
    );
    const p = predictTable(model, complete);
    expect([...p].every((v) => v > 0 && v < 1)).toBe(true);
  });

  it("the raw-value trainer reaches the optimum of the same L2 objective as an independent optimiser (AUC within 0.005)", () => {
    const { model, fit } = fitTable(table, { method: "raw", minIv: 0 });
    const features = model.features.filter((f) => f.preprocess.kind === "standardise");
    // Independent check: plain gradient descent on Σ logloss + ½‖β‖² over the same winsorised and standardised inputs (missing = 0).
    const label = table.label as Uint8Array;
    const xs = features.map((f) => {
      const pre = f.preprocess as { mean: number; sd: number; cap: { min: number; max: number } };
      const capped = (v: number) => Math.min(pre.cap.max, Math.max(pre.cap.min, v));
      return Float64Array.from(table.frame.column(f.indicator), (v) => (Number.isNaN(v) ? 0 : (capped(v) - pre.mean) / pre.sd));
    });
    const others = model.features.filter((f) => f.preprocess.kind !== "standardise");
    const offset = predictTable({ ...model, intercept: 0, features: others, scale: undefined } as typeof model, table).map((q) => Math.log(q / (1 - q)));
    // Nesterov-accelerated gradient descent from zero.
    let beta = new Float64Array(features.length + 1);
    let previous = beta;
    for (let step = 1; step <= 800; step++) {
      const look = beta.map((b, j) => b + ((step - 1) / (step + 2)) * (b - (previous[j] as number)));
      const grad = new Float64Array(beta.length);
      for (let r = 0; r < table.rows; r++) {
        let z = (look[0] as number) + (offset[r] as number);
        for (let j = 0; j < xs.length; j++) z += (look[j + 1] as number) * ((xs[j] as Float64Array)[r] as number);
        const e = 1 / (1 + Math.exp(-z)) - (label[r] as number);
        grad[0] = (grad[0] as number) + e;
        for (let j = 0; j < xs.length; j++) grad[j + 1] = (grad[j + 1] as number) + e * ((xs[j] as Float64Array)[r] as number);
      }
      for (let j = 1; j < beta.length; j++) grad[j] = (grad[j] as number) + (look[j] as number);
      previous = beta;
      beta = look.map((b, j) => b - (1 / table.rows) * (grad[j] as number));
    }
    const scoreOf = (b: ArrayLike<number>) =>
      Float64Array.from({ length: table.rows }, (_, r) =>
        xs.reduce((z, x, j) => z + (b[j + 1] as number) * (x[r] as number), (b[0] as number) + (offset[r] as number)),
      );
    const ours = Float64Array.from([0, ...features.map((f) => f.coefficient)]);
    const auc = (b: ArrayLike<number>) => scoreMetrics(scoreOf(b), label).auc;
    expect(Math.abs(auc(ours) - auc(beta))).toBeLessThan(0.005);
    for (let j = 0; j < ours.length; j++) expect(Math.abs((ours[j] as number) - (beta[j] as number) + (j === 0 ? model.intercept : 0))).toBeLessThan(0.01);
    expect(fit.fit.converged).toBe(true);
  }, 60_000);

  it("splits by time when the table has months", () => {
    const split = timeSplit(table, { method: "woe" });
    expect(split.design).toBe("train 2025-11 … 2026-09, test 2026-10");
    expect(split.folds[0]?.testRows).toBe(1000);
    expect(split.pooled.auc).toBeGreaterThan(0.75);
  });

  it("never returns a NaN probability whatever the cells (property)", () => {
    const { model } = fitTable(table);
    const names = model.features.map((f) => f.indicator);
    const cell = fc.oneof(fc.double(), fc.constantFrom("NA", "", "?", "-"), fc.integer({ min: -5, max: 10 }).map(String));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: names.length, maxLength: names.length }), { minLength: 1, maxLength: 20 }), (rows) => {
        const t = tableFromObjects(
          rows.map((r, i) => Object.fromEntries([["id", `r${i}`], ...names.map((n, k) => [n, n === "sector" ? "G" : r[k]])])),
          { id: "id", categories: table.categories },
        );
        expect([...predictTable(model, t)].every((p) => p >= 0 && p <= 1)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
