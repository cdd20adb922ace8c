import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Period, ProvinceColumns } from "@creditclass/core";
import { IndicatorFrame, parsePeriod } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { computeIndicators, ingestDirectory } from "@creditclass/ingest";
import { loadProvinceColumns, openDatabase } from "@creditclass/store";
import { beforeAll, describe, expect, it } from "vitest";
import { registerAttributes } from "../src/classes/register-attributes.js";
import { adverseRateByClass, populationStabilityIndex, selectionAwareMetrics } from "../src/evaluation/evaluate-classes.js";
import {
  backtest,
  buildTrainingSet,
  classifyFrame,
  DEFAULT_MODEL_SET,
  parseModel,
  predictProbability,
  scoreMetrics,
  trainLogisticModel,
  weightsFromLogistic,
} from "../src/index.js";
import { outcomeLabeller } from "../src/training/training-set.js";

describe("training on a generated province", () => {
  let province: ProvinceColumns;
  let cut: ProvinceColumns;
  const indicatorsAt = (period: Period): IndicatorFrame => computeIndicators(province, period);
  const from = parsePeriod("2024-10");
  const to = parsePeriod("2025-10");

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-train-"));
    await generateProvince(dir, { enterprises: 2000, seed: "train", end: parsePeriod("2026-10") });
    const db = await openDatabase(":memory:");
    await ingestDirectory(dir, db);
    province = await loadProvinceColumns(db);
    // The same data with every event after 2025-04 removed: features as of 2025-04 must not notice.
    await db.run("DELETE FROM events WHERE recorded > DATE '2025-04-30' OR date > DATE '2025-04-30'");
    cut = await loadProvinceColumns(db);
    db.close();
  }, 60_000);

  it("builds point-in-time features: no event after M reaches them", () => {
    const m = parsePeriod("2025-04");
    const full = buildTrainingSet(province, { from: m, to: m, horizon: 12, indicatorsAt });
    const truncated = buildTrainingSet({ ...cut, events: cut.events }, { from: m, to: m, horizon: 0, indicatorsAt: (p) => computeIndicators(cut, p) });
    expect(truncated.ids).toEqual(full.ids);
    full.columns.forEach((c, k) => {
      expect(Buffer.from(c.buffer).equals(Buffer.from((truncated.columns[k] as Float64Array).buffer)), full.features[k]).toBe(true);
    });
    // Labels do look ahead, by design, and only there.
    expect(full.label.reduce((s, v) => s + v, 0)).toBeGreaterThan(0);
    expect(truncated.label.reduce((s, v) => s + v, 0)).toBe(0);
  });

  it("refuses months whose label window runs past the data", () => {
    expect(() => buildTrainingSet(province, { from, to: parsePeriod("2026-01"), horizon: 12, indicatorsAt })).toThrow(
      /ends 2027-01-31, after the last recorded event/,
    );
  });

  it("trains, serialises and scores back to the same probabilities; both preprocessings beat chance", () => {
    const set = buildTrainingSet(province, { from, to, horizon: 12, indicatorsAt });
    expect(set.months).toHaveLength(13);
    for (const preprocess of ["standardise", "woe"] as const) {
      const { model, metrics } = trainLogisticModel(set, { preprocess, pdo: { basePoints: 600, baseOdds: 19, pdo: 40 } });
      expect(metrics.test.auc).toBeGreaterThan(0.55);
      expect(model.training).toMatchObject({ rows: set.rows, horizon: 12, converged: true, preprocess });
      const reloaded = parseModel(JSON.parse(JSON.stringify(model)));
      const frame = IndicatorFrame.fromColumns({ ids: set.ids, columns: Object.fromEntries(set.features.map((f, k) => [f, set.columns[k] as Float64Array])) });
      const c = classifyFrame(reloaded, frame);
      const again = classifyFrame(parseModel(model), frame);
      expect(Buffer.from(c.scores.probability.buffer).equals(Buffer.from(again.scores.probability.buffer))).toBe(true);
      // PDO: 600 points at odds 19:1, 40 more points per doubling of the odds.
      for (let r = 0; r < 50; r++) {
        const p = c.scores.probability[r] as number;
        expect(c.scores.score[r]).toBeCloseTo(600 + (40 / Math.LN2) * Math.log((1 - p) / p / 19), 6);
      }
      // Class proportions 65/25/8/2, ties kept together.
      const counts = [0, 0, 0, 0];
      for (const k of c.riskClass) counts[k] = (counts[k] as number) + 1;
      expect(Math.abs((counts[0] as number) / set.rows - 0.65)).toBeLessThan(0.1);
      if (preprocess === "standardise") {
        const w = weightsFromLogistic(model);
        expect(w.indicators.reduce((s, i) => s + i.weight, 0)).toBeCloseTo(1, 9);
        for (const i of w.indicators) expect(i.weight === 0).toBe(!i.signAgrees || i.coefficient === 0);
      }
    }
  });

  it("matches the fitted model exactly when scoring standardised features", () => {
    const set = buildTrainingSet(province, { from: to, to, horizon: 12, features: ["penalties_36m", "complaints_12m", "annual_report_missing"], indicatorsAt });
    const { model, fit } = trainLogisticModel(set, { testShare: 0, log: false });
    const frame = IndicatorFrame.fromColumns({ ids: set.ids, columns: Object.fromEntries(set.features.map((f, k) => [f, set.columns[k] as Float64Array])) });
    const c = classifyFrame(parseModel(model), frame);
    const z = model.features.map((f, k) =>
      (set.columns[k] as Float64Array).map((v) => (f.preprocess.kind === "standardise" ? (v - f.preprocess.mean) / f.preprocess.sd : 0)),
    );
    const p = predictProbability(fit, z);
    for (let r = 0; r < set.rows; r += 97) expect(c.scores.probability[r]).toBeCloseTo(p[r] as number, 12);
  });

  it("blends a scorecard and a model in a hybrid, and backtests candidates side by side", () => {
    const set = buildTrainingSet(province, { from, to, horizon: 12, indicatorsAt });
    const { model } = trainLogisticModel(set, { preprocess: "woe" });
    const general = DEFAULT_MODEL_SET.models[1];
    const hybrid = parseModel({
      kind: "creditclass.hybrid",
      version: 1,
      id: "hybrid",
      name: { zh: "混合", en: "hybrid" },
      scorecard: general,
      logistic: model,
      weight: 0.5,
      classes: { method: "proportions", A: 0.65, B: 0.25, C: 0.08, D: 0.02 },
    });
    const months = [parsePeriod("2025-08"), parsePeriod("2025-09"), parsePeriod("2025-10")];
    const rows = backtest(
      province,
      [
        { name: "default", models: DEFAULT_MODEL_SET },
        { name: "trained", models: parseModel(model) },
        { name: "hybrid", models: hybrid },
      ],
      { months, indicatorsAt },
    );
    expect(rows.map((r) => `${r.candidate} ${r.period}`)).toEqual(months.flatMap((m) => ["default", "trained", "hybrid"].map((c) => `${c} ${m}`)));
    for (const r of rows) {
      for (const part of r.parts) expect(part.ranking.auc, `${r.candidate} ${part.id}`).toBeGreaterThan(0.5);
      expect(r.parts.reduce((t, part) => t + part.rows, 0)).toBe(r.enterprises);
      expect(r.classRanking.auc).toBeGreaterThan(0.5);
      expect(r.byClass.counts.reduce((a, b) => a + b, 0)).toBe(r.enterprises);
      if (r.period === months[0]) expect(Number.isNaN(r.psi)).toBe(true);
      else {
        expect(r.psi).toBeGreaterThanOrEqual(0);
        expect(r.stability).toBeGreaterThan(0.5);
      }
    }
  });
});

describe("backtest by model part", () => {
  let province: ProvinceColumns;
  const indicatorsAt = (period: Period): IndicatorFrame => computeIndicators(province, period);

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-parts-"));
    await generateProvince(dir, { enterprises: 2000, seed: "parts", end: parsePeriod("2026-10") });
    const db = await openDatabase(":memory:");
    await ingestDirectory(dir, db);
    province = await loadProvinceColumns(db);
    db.close();
  }, 60_000);

  it("ranks each part of a set on its own scale, equal to scoreMetrics per part and unlike the pooled AUC; lift = rate(D) / rate(A)", () => {
    const month = parsePeriod("2025-10");
    const [row] = backtest(province, [{ name: "default", models: DEFAULT_MODEL_SET }], { months: [month], indicatorsAt });
    // The same classification, labels and pooled AUC, computed here from the engines.
    const base = indicatorsAt(month);
    const zeros = new Float64Array(base.rowCount);
    const frame = base.withColumn("is_revoked", zeros).withColumn("is_deregistered", zeros);
    const c = classifyFrame(DEFAULT_MODEL_SET, frame, { attributes: registerAttributes(province, frame) });
    const label = outcomeLabeller(province)(frame.ids(), month, 12);
    // Two parts on different scales: individual businesses 0–100 points, the general model 0–1000.
    const top = [0, 1].map((m) => Math.max(...[...c.model.keys()].filter((r) => c.model[r] === m).map((r) => c.scores.score[r] as number)));
    expect(top[0]).toBeLessThanOrEqual(100);
    expect(top[1]).toBeGreaterThan(100);
    expect(row?.parts.map((p) => p.id)).toEqual(["national-individual", "national-general"]);
    const pooled = scoreMetrics(c.scores.risk, label).auc;
    for (const part of row?.parts ?? []) {
      const rows = [...c.model.keys()].filter((r) => c.model[r] === part.model);
      const alone = scoreMetrics(
        Float64Array.from(rows, (r) => c.scores.risk[r] as number),
        Uint8Array.from(rows, (r) => label[r] as number),
      );
      expect(part.rows).toBe(rows.length);
      expect(part.ranking).toEqual(alone);
      expect(part.ranking.auc).not.toBe(pooled);
      expect(part.calibration).toBeNull();
    }
    // Pooling mixes the 0–100 and 0–1000 scales: its AUC is not the ranking of either part.
    expect(Math.max(...(row?.parts ?? []).map((p) => Math.abs(p.ranking.auc - pooled)))).toBeGreaterThan(0.01);
    const byClass = adverseRateByClass(c.riskClass, label);
    expect(row?.byClass).toEqual(byClass);
    expect(row?.byClass.lift).toBe((byClass.rates[3] as number) / (byClass.rates[0] as number));
    expect(row?.byClass.lift).toBeGreaterThan(1);
    expect(row?.classRanking).toEqual(scoreMetrics(Float64Array.from(c.riskClass), label));
    // Per override rule and landing class: the rows it moved, their rate, and the rate of the rows no override moved there.
    const effects = row?.overrides ?? [];
    expect(effects.reduce((n, e) => n + e.moved, 0)).toBe([...c.override].filter((o) => o >= 0).length);
    for (const e of effects) {
      const m = c.models.models.findIndex((p) => p.id === e.model);
      const o = c.models.models[m]?.overrides.findIndex((rule) => rule.id === e.rule) ?? -1;
      const moved = [...c.override.keys()].filter((r) => c.model[r] === m && c.override[r] === o && c.riskClass[r] === e.to);
      const stay = [...c.override.keys()].filter((r) => c.override[r] === -1 && c.riskClass[r] === e.to);
      expect(e.moved).toBe(moved.length);
      expect(e.rate).toBe(moved.filter((r) => label[r] === 1).length / moved.length);
      expect(e.classRate).toBe(stay.filter((r) => label[r] === 1).length / stay.length);
    }
    expect(effects.map((e) => e.rule)).toContain("abnormal_list_floor");
  });
});

describe("evaluation", () => {
  it("reports adverse rates that do not rise with the class", () => {
    const r = adverseRateByClass(new Uint8Array([0, 0, 1, 1, 2, 2, 3, 3]), [0, 1, 0, 0, 1, 1, 1, 1]);
    expect(r.rates).toEqual([0.5, 0, 1, 1]);
    expect(r.violations).toEqual(["A (0.5) ≥ B (0)", "C (1) ≥ D (1)"]);
  });

  it("gives PSI 0 for the same distribution and more for a shifted one", () => {
    const a = Float64Array.from({ length: 1000 }, (_, i) => i);
    expect(populationStabilityIndex(a, a)).toBe(0);
    expect(
      populationStabilityIndex(
        a,
        a.map((v) => v + 300),
      ),
    ).toBeGreaterThan(0.25);
  });

  it("recovers population figures from inspections drawn more often in riskier classes", () => {
    // 20,000 enterprises, risk uniform, adverse with probability = risk / 2; class by risk quartile;
    // inspected with probability 0.02 / 0.05 / 0.2 / 0.6 by class (a deterministic pseudo-random sequence).
    const n = 20_000;
    let s = 12345;
    const next = (): number => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32;
    };
    const risk = Float64Array.from({ length: n }, () => next());
    const classes = Uint8Array.from(risk, (v) => Math.min(3, Math.floor(v * 4)));
    const label = Uint8Array.from(risk, (v) => (next() < v / 2 ? 1 : 0));
    const pi = [0.02, 0.05, 0.2, 0.6];
    const inclusion = Float64Array.from(classes, (k) => pi[k] as number);
    const inspected = Uint8Array.from(inclusion, (p) => (next() < p ? 1 : 0));
    const truth = label.reduce((a, b) => a + b, 0) / n;
    const m = selectionAwareMetrics({ risk, classes, label, inspected, inclusion });
    expect(Math.abs(m.weighted.adverseRate - truth)).toBeLessThan(0.02);
    expect(m.naive.adverseRate - truth).toBeGreaterThan(0.1);
    expect(m.weighted.byClass.violations).toEqual([]);
  });
});
