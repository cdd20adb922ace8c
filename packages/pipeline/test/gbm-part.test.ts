import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProvinceColumns } from "@creditclass/core";
import { parsePeriod } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { ingestDirectory } from "@creditclass/ingest";
import type { GbmModelDocument, ModelSet } from "@creditclass/scoring";
import { backtest, buildTrainingSet, DEFAULT_MODEL_SET, explainGbm, modelHash, parseModel, trainGbmModel } from "@creditclass/scoring";
import type { CreditDatabase } from "@creditclass/store";
import { loadProvinceColumns, openDatabase } from "@creditclass/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyMonth, indicatorSource } from "../src/index.js";

describe("a gradient-boosted model as a part of the monthly model set", () => {
  let db: CreditDatabase;
  let province: ProvinceColumns;
  let gbm: GbmModelDocument;
  let set: ModelSet;
  const oct = parsePeriod("2026-10");

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-gbm-part-"));
    await generateProvince(join(dir, "data"), { enterprises: 6_000, seed: "gbm", end: oct, months: 36 });
    db = await openDatabase(join(dir, "p.duckdb"));
    await ingestDirectory(join(dir, "data"), db);
    province = await loadProvinceColumns(db);
    const training = buildTrainingSet(province, {
      from: parsePeriod("2025-01"),
      to: parsePeriod("2025-10"),
      horizon: 12,
      indicatorsAt: indicatorSource(province),
    });
    const trained = trainGbmModel(training, { iterations: 40, seed: "s", pdo: { basePoints: 600, baseOdds: 19, pdo: 40 } });
    expect(trained.metrics.test.auc).toBeGreaterThan(0.52);
    gbm = trained.model;
    // The boosted model replaces the general scorecard, keeping the default set's individual part and the general part's overrides.
    const [individual, general] = DEFAULT_MODEL_SET.models;
    set = parseModel({
      kind: "creditclass.model-set",
      version: 1,
      id: "gbm-set",
      name: { zh: "提升树模型组", en: "Boosted model set" },
      models: [individual, { ...gbm, id: "general-gbm", overrides: general?.overrides }],
    });
  }, 180_000);
  afterAll(() => db.close());

  it("parses, hashes the same after a JSON round trip, and names unknown features", () => {
    expect(modelHash(parseModel(JSON.parse(JSON.stringify(set))))).toBe(modelHash(set));
    const renamed = { ...gbm, features: gbm.features.map((f, i) => (i === 0 ? { ...f, name: "no_such_indicator" } : f)) };
    expect(() => parseModel(renamed)).toThrow(/features\[0\]\.name: unknown indicator .*no_such_indicator/);
  });

  it("classifies the month with TreeSHAP reasons, applies the part's overrides, and is deterministic", async () => {
    const { classification: c, frame } = await classifyMonth(db, oct, { models: set, province });
    const part = c.models.models.findIndex((m) => m.id === "general-gbm");
    const rows = [...c.model.keys()].filter((r) => c.model[r] === part);
    expect(rows.length).toBeGreaterThan(3_000);
    const K = c.scores.reasonCount;
    const factor = 40 / Math.LN2;
    for (const r of rows.slice(0, 200)) {
      const values = gbm.features.map((f) => frame.value(f.name, r));
      const e = explainGbm(gbm, values);
      // The stored score is the PDO score of the model's raw score; the reasons are its largest positive contributions.
      expect(c.scores.score[r]).toBeCloseTo(600 + factor * (-e.score - Math.log(19)), 9);
      const expected = [...e.contributions.entries()]
        .filter(([, v]) => v > 0)
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, K);
      for (let k = 0; k < K; k++) {
        const [f, v] = expected[k] ?? [-1, 0];
        expect(c.scores.reasonTerm[r * K + k]).toBe(f);
        expect(c.scores.reasonPoints[r * K + k]).toBeCloseTo(Math.fround(v * factor), 3);
      }
    }
    // The serious-violation list sets D whatever the trees say.
    const listed = rows.filter((r) => frame.value("on_serious_list", r) === 1);
    expect(listed.length).toBeGreaterThan(0);
    for (const r of listed) expect(c.riskClass[r]).toBe(3);
    // Stored rows name the reasons in Chinese and English through the catalog.
    const stored = (await db.all("SELECT reasons, model FROM classifications WHERE period = ? AND model = 'general-gbm' LIMIT 50", [oct])) as {
      reasons: string;
    }[];
    const withReasons = stored.filter((s) => s.reasons !== "[]");
    expect(withReasons.length).toBeGreaterThan(0);
    for (const s of withReasons)
      for (const x of JSON.parse(s.reasons) as { indicator: string }[]) expect(gbm.features.map((f) => f.name)).toContain(x.indicator);
    const again = await classifyMonth(db, oct, { models: set, province, store: false });
    expect(Buffer.from(again.classification.scores.score.buffer).equals(Buffer.from(c.scores.score.buffer))).toBe(true);
    expect(again.classification.riskClass).toEqual(c.riskClass);
    expect(again.classification.scores.reasonTerm).toEqual(c.scores.reasonTerm);
  }, 120_000);

  it("backtests per part, the boosted part on its own scale, with adverse rates by class", () => {
    const [row] = backtest(province, [{ name: "gbm", models: set }], {
      months: [parsePeriod("2025-10")],
      horizon: 12,
      indicatorsAt: indicatorSource(province),
    });
    expect(row?.parts.map((p) => p.id)).toEqual(["national-individual", "general-gbm"]);
    const boosted = row?.parts[1];
    expect(boosted?.ranking.auc).toBeGreaterThan(0.52);
    expect(boosted?.calibration?.predicted).toBeGreaterThan(0);
    expect(row?.byClass.lift).toBeGreaterThan(1);
  }, 120_000);
});
