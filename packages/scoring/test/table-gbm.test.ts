import type { LabelledTable } from "@creditclass/core";
import { contentHash, createRandom, seedWords } from "@creditclass/core";
import { tableFromObjects } from "@creditclass/ingest";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  classifyGbm,
  crossValidate,
  explainGbm,
  fitGbm,
  fitTableGbm,
  gbmClassificationRows,
  gbmModelSchema,
  predictTable,
  syntheticTable,
  timeSplit,
} from "../src/index.js";

const OPTIONS = { id: "id", label: "adverse", month: "month", categorical: ["sector"] };

function load(rows: number, seed: string, defects = false): LabelledTable {
  const t = syntheticTable({ rows, seed, defects });
  const objects = t.cells.map((c) => Object.fromEntries(t.header.map((h, k) => [h, c[k]])));
  return tableFromObjects(objects, OPTIONS);
}

/** A table whose risk is an interaction (a·b) no additive scorecard can express, plus penalties and enterprise age from the catalog. */
function interactionTable(rows: number, seed: string): LabelledTable {
  const r = createRandom(seedWords(seed), 0);
  const objects = Array.from({ length: rows }, (_, i) => {
    const a = r.normal();
    const b = r.normal();
    const penalties = Math.floor(-Math.log(1 - r.next()) * 1.2);
    const age = Math.floor(r.next() * 240);
    const z = -1.6 + 1.5 * a * b + 0.35 * Math.min(penalties, 4) - age / 240;
    return {
      id: `E${i}`,
      adverse: r.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0,
      a: a.toFixed(4),
      b: b.toFixed(4),
      penalties_12m: r.next() < 0.1 ? "" : String(penalties),
      age_months: String(age),
    };
  });
  return tableFromObjects(objects, { id: "id", label: "adverse" });
}

describe("gradient-boosted trees on a bureau's own table", () => {
  let table: LabelledTable;
  beforeAll(() => {
    table = load(12_000, "table");
  });

  it("cross-validates within 0.015 AUC of the WoE scorecard on an additive truth, far above the raw-value regression", () => {
    const gbm = crossValidate(table, { method: "gbm", seed: "g" }, { folds: 5, seed: "s" });
    const woe = crossValidate(table, { method: "woe" }, { folds: 5, seed: "s" });
    const raw = crossValidate(table, { method: "raw" }, { folds: 5, seed: "s" });
    expect(gbm.pooled.auc).toBeGreaterThan(woe.pooled.auc - 0.015);
    expect(gbm.pooled.auc).toBeGreaterThan(raw.pooled.auc + 0.1);
    // Each fold stopped early on its own validation share, well before 200 trees.
    for (const f of gbm.folds) expect(f.trees).toBeGreaterThan(10);
    for (const f of gbm.folds) expect(f.trees).toBeLessThan(200);
    expect(crossValidate(table, { method: "gbm", seed: "g" }, { folds: 5, seed: "s" }).predicted).toEqual(gbm.predicted);
  }, 120_000);

  it("splits by time", () => {
    const split = timeSplit(table, { method: "gbm" });
    expect(split.design).toBe("train 2025-11 … 2026-09, test 2026-10");
    expect(split.pooled.auc).toBeGreaterThan(0.75);
  }, 60_000);

  it("reasons are the largest TreeSHAP contributions, and contributions sum to the score minus the base value", () => {
    const { model } = fitTableGbm(table, { method: "gbm", seed: "r" });
    const c = classifyGbm(model, table.frame, { reasonCount: 3 });
    const factor = 20 / Math.LN2;
    const names = model.features.map((f) => f.name);
    for (let r = 0; r < 300; r++) {
      const e = explainGbm(
        model,
        names.map((n) => table.frame.column(n)[r] as number),
      );
      expect(Math.abs(e.contributions.reduce((s, v) => s + v, e.expectedValue) - (c.raw[r] as number))).toBeLessThan(1e-9);
      expect(e.expectedValue).toBeCloseTo(c.expectedValue, 12);
      const top = [...e.contributions]
        .map((v, f) => ({ v, f }))
        .filter((x) => x.v > 0)
        .sort((x, y) => y.v - x.v || x.f - y.f)
        .slice(0, 3);
      expect(Array.from(c.reasonFeature.subarray(r * 3, r * 3 + top.length))).toEqual(top.map((x) => x.f));
      top.forEach((x, k) => {
        expect(c.reasonPoints[r * 3 + k]).toBeCloseTo(x.v * factor, 9);
      });
      // The published score is the PDO transform of the raw score: 600 points at odds 50 : 1.
      expect(c.score[r]).toBeCloseTo(600 + factor * (-(c.raw[r] as number) - Math.log(50)), 9);
    }
    const counts = [0, 0, 0, 0];
    for (const k of c.riskClass) counts[k] = (counts[k] as number) + 1;
    expect(counts).toEqual([7800, 3000, 960, 240]);
  }, 60_000);

  it("save → load → score is byte-identical; the same seed gives the same document and hash", () => {
    const { model } = fitTableGbm(table, { method: "gbm", seed: "rt", iterations: 60 });
    const text = JSON.stringify(model);
    const reloaded = gbmModelSchema.parse(JSON.parse(text));
    expect(JSON.stringify(reloaded)).toBe(text);
    expect(contentHash(reloaded)).toBe(contentHash(model));
    const rows = (m: typeof model) => JSON.stringify(gbmClassificationRows(classifyGbm(m, table.frame), m, table.frame));
    expect(rows(reloaded)).toBe(rows(model));
    expect(predictTable(reloaded, table)).toEqual(predictTable(model, table));
    expect(JSON.stringify(fitTableGbm(table, { method: "gbm", seed: "rt", iterations: 60 }).model)).toBe(text);
    expect(model.training.categories).toEqual({ sector: ["A", "C", "E", "F", "G", "I"] });
    expect(model.scale).toEqual({ kind: "pdo", basePoints: 600, baseOdds: 50, pdo: 20 });
  }, 60_000);

  it("drops the columns without spread with their reason and fits through duplicates, 1e9 outliers and 40 % missing values", () => {
    const hostile = load(3000, "robust-gbm", true);
    const fit = fitTableGbm(hostile, { method: "gbm", seed: "h" });
    expect(fit.dropped).toEqual([
      { indicator: "constant_one", reason: "constant", detail: "one value (1) in every non-missing training row" },
      { indicator: "empty_ratio", reason: "constant", detail: "all missing in the training rows" },
    ]);
    expect(fit.kept).toContain("outlier_ratio");
    const p = predictTable(fit.model, hostile);
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
    expect(fit.model.training.dropped).toEqual(fit.dropped);
  }, 60_000);
});

describe("gradient-boosted trees where a scorecard cannot follow", () => {
  const table = interactionTable(8000, "interaction");

  it("beat the WoE scorecard by ≥ 0.02 cross-validated AUC on a known interaction", () => {
    const gbm = crossValidate(table, { method: "gbm", seed: "i" }, { folds: 4, seed: "s" });
    const woe = crossValidate(table, { method: "woe" }, { folds: 4, seed: "s" });
    expect(gbm.pooled.auc).toBeGreaterThan(woe.pooled.auc + 0.02);
  }, 120_000);

  it("take monotone directions from the catalog: more penalties never lower the risk, more age never raises it", () => {
    const fit = fitTableGbm(table, { method: "gbm", seed: "m", iterations: 80 });
    expect(fit.monotone).toEqual({ penalties_12m: { direction: 1, from: "catalog" }, age_months: { direction: -1, from: "catalog" } });
    expect(fit.model.features.map((f) => [f.name, f.monotone])).toEqual([
      ["a", 0],
      ["b", 0],
      ["penalties_12m", 1],
      ["age_months", -1],
    ]);
    const p = (x: readonly number[]) =>
      predictTable(fit.model, tableFromObjects([{ id: "x", a: x[0], b: x[1], penalties_12m: x[2], age_months: x[3] }], { id: "id" }))[0] as number;
    const value = fc.double({ min: -3, max: 3, noNaN: true });
    fc.assert(
      fc.property(value, value, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 240 }), fc.integer({ min: 1, max: 5 }), (a, b, k, age, d) => {
        expect(p([a, b, k + d, age])).toBeGreaterThanOrEqual(p([a, b, k, age]));
        expect(p([a, b, k, age + 10 * d])).toBeLessThanOrEqual(p([a, b, k, age]));
      }),
      { numRuns: 100 },
    );
    // Reasons name catalog indicators in Chinese and English, a bureau's own columns by their name alone.
    const rows = gbmClassificationRows(classifyGbm(fit.model, table.frame), fit.model, table.frame);
    const reasons = rows.map((r) => String(r.reasons)).join(" | ");
    expect(reasons).toMatch(/penalties_12m=\d+ 近12个月行政处罚次数 \/ Administrative penalties, last 12 months −\d/);
    expect(reasons).toMatch(/(^| )a=-?[\d.]+ −\d/);
    // A direction given by the user overrides the catalog's, and one naming no column is an error.
    const free = fitTableGbm(table, { method: "gbm", seed: "m", iterations: 20, monotone: { age_months: 0, a: 1 } });
    expect(free.monotone).toEqual({ penalties_12m: { direction: 1, from: "catalog" }, a: { direction: 1, from: "option" } });
    expect(() => fitTableGbm(table, { method: "gbm", monotone: { nowhere: 1 } })).toThrow(/a monotone direction names nowhere, which is not a column/);
  }, 60_000);
});

describe("row weights", () => {
  it("weight the base rate and the gradients: unit weights change nothing but the record, doubled adverse rows double the base odds", () => {
    const r = createRandom(seedWords("weights"), 0);
    const x = Float64Array.from({ length: 3000 }, () => r.normal());
    const y = Uint8Array.from(x, (v) => (r.next() < 1 / (1 + Math.exp(1 - v)) ? 1 : 0));
    const plain = fitGbm({ x }, y, { iterations: 30, seed: "w" }).model;
    const unit = fitGbm({ x }, y, { iterations: 30, seed: "w", weights: new Float64Array(3000).fill(1) }).model;
    expect(unit.training.weighted).toBe(true);
    expect(JSON.stringify({ ...unit, training: { ...unit.training, weighted: undefined } })).toBe(
      JSON.stringify({ ...plain, training: { ...plain.training, weighted: undefined } }),
    );
    const doubled = fitGbm({ x }, y, { iterations: 30, seed: "w", weights: Float64Array.from(y, (v) => (v === 1 ? 2 : 1)) }).model;
    expect(doubled.baseScore - plain.baseScore).toBeCloseTo(Math.LN2, 12);
    expect(() => fitGbm({ x }, y, { weights: new Float64Array(3000) })).toThrow(/weight 0 at row 0 is not positive/);
  });
});
