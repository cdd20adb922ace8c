import { IndicatorFrame } from "@creditclass/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { proportionCutoffs } from "../src/classes/assign-classes.js";
import { classificationRows, classifyFrame, explainRow, parseModel } from "../src/index.js";
import { letters, smallFrame, smallScorecard } from "./helpers.js";

describe("scoring a scorecard", () => {
  it("gives the known scores, classes and reasons", () => {
    const set = parseModel(smallScorecard());
    // Row 0: 0.6·100 + 0.2·100 + 0.2·100 = 100. Row 1: 0.6·50 + 0.2·50 + 0.2·60 = 52.
    const frame = smallFrame([{}, { penalties_12m: 1, complaints_12m: 5, reports_12m: 2 }, { penalties_12m: 3 }]);
    const c = classifyFrame(set, frame);
    expect(Array.from(c.scores.score)).toEqual([100, 52, 40]);
    expect(letters(c)).toEqual(["A", "C", "C"]);
    const e = explainRow(c, frame, 1);
    expect(e.reasons.map((r) => [r.indicator, r.value, r.points])).toEqual([
      ["penalties_12m", 1, 30],
      ["complaints_12m", 5, 10],
      ["reports_12m", 2, 8],
    ]);
    expect(e.reasons[0]?.name).toEqual({ zh: "近12个月行政处罚次数", en: "Administrative penalties, last 12 months" });
    expect(explainRow(c, frame, 0).reasons).toEqual([]);
  });

  it("scores missing values by their stated policy, never NaN", () => {
    const set = parseModel(smallScorecard());
    const frame = smallFrame([{ penalties_12m: Number.NaN, complaints_12m: Number.NaN, reports_12m: Number.NaN }]);
    const c = classifyFrame(set, frame);
    // worst 0 for penalties, neutral (midpoint 50) for complaints, impute 0 → 100 for reports.
    expect(c.scores.score[0]).toBe(0.6 * 0 + 0.2 * 50 + 0.2 * 100);
    expect(c.scores.missing[0]).toBe(3);
    expect(classificationRows(c, frame)[0]?.reasons).toContain("penalties_12m=missing");
  });

  it("never produces NaN and is monotone in a risk indicator (property)", () => {
    const set = parseModel(smallScorecard());
    const value = fc.oneof(fc.constant(Number.NaN), fc.integer({ min: 0, max: 20 }), fc.double({ min: 0, max: 20, noNaN: true }));
    fc.assert(
      fc.property(
        fc.array(fc.record({ penalties_12m: value, complaints_12m: value, reports_12m: value }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 5 }),
        (rows, more) => {
          const c = classifyFrame(set, smallFrame(rows));
          for (const s of c.scores.score) expect(Number.isFinite(s)).toBe(true);
          // More penalties never raise the score.
          const worse = classifyFrame(
            set,
            smallFrame(rows.map((r) => ({ ...r, penalties_12m: (Number.isNaN(r.penalties_12m) ? 0 : r.penalties_12m) + more }))),
          );
          const base = classifyFrame(set, smallFrame(rows.map((r) => ({ ...r, penalties_12m: Number.isNaN(r.penalties_12m) ? 0 : r.penalties_12m }))));
          for (let i = 0; i < rows.length; i++) expect(worse.scores.score[i]).toBeLessThanOrEqual(base.scores.score[i] as number);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("applies Shenzhen-style bands with open and closed bounds on a published 1000-point scale", () => {
    const set = parseModel(
      smallScorecard({
        scale: { kind: "linear", min: 0, max: 1000 },
        classes: { method: "thresholds", A: { above: 670 }, B: { atLeast: 601 }, C: { atLeast: 555 } },
      }),
    );
    // With one penalty (50 points): score = 10 × (0.6·50 + 0.2·(100 − 10c) + 0.2·100) = 10 × (70 − 2c).
    const frame = IndicatorFrame.fromObjects(
      [671, 670, 601, 600.5, 555, 554.9].map((s, i) => ({ uscc: `S${i}`, penalties_12m: 1, complaints_12m: (70 - s / 10) / 2, reports_12m: 0 })),
    );
    const c = classifyFrame(set, frame);
    expect(Array.from(c.scores.score, (s) => Math.round(s * 1000) / 1000)).toEqual([671, 670, 601, 600.5, 555, 554.9]);
    expect(letters(c)).toEqual(["A", "B", "B", "C", "C", "D"]);
  });

  it("meets target proportions without splitting ties, whatever the row order (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 200 }), fc.integer(), (values, seed) => {
        const risk = new Float64Array(values);
        const cut = proportionCutoffs(risk, [0.65, 0.25, 0.08, 0.015]);
        const shuffled = Float64Array.from(values).sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
        expect(proportionCutoffs(shuffled, [0.65, 0.25, 0.08, 0.015])).toEqual(cut);
        // Equal risks land in the same class: classes are a function of the value.
        const cls = (v: number) => cut.bounds.findIndex((b) => v <= b);
        const byValue = new Map<number, number>();
        for (const v of values) byValue.set(v, cls(v));
        for (let k = 1; k < values.length; k++) expect(cls(values[k] as number)).toBe(byValue.get(values[k] as number));
        // Without ties the A count is exactly round(0.65·n / 0.995).
        const distinct = new Float64Array(values.map((_, i) => i));
        const d = proportionCutoffs(distinct, [0.65, 0.25, 0.08, 0.015]);
        const a = Array.from(distinct).filter((v) => v <= d.bounds[0]).length;
        expect(a).toBe(Math.round((0.65 / 0.995) * values.length));
      }),
      { numRuns: 300 },
    );
  });

  it("applies overrides in document order, records the decisive one and its evidence", () => {
    const set = parseModel(
      smallScorecard({
        overrides: [
          {
            id: "observation",
            name: { zh: "观察期", en: "observation" },
            when: "is_new_enterprise == 1 and penalties_12m == 0",
            action: { kind: "observation", class: "B" },
          },
          { id: "escalate", name: { zh: "升级", en: "escalate" }, when: "serious_penalties_36m >= 1", action: { kind: "escalate", steps: 2 } },
          { id: "floor", name: { zh: "异常名录", en: "abnormal" }, when: "on_abnormal_list == 1", action: { kind: "floor", class: "C" } },
          { id: "serious", name: { zh: "严重失信", en: "serious" }, when: "on_serious_list == 1", action: { kind: "set", class: "D" } },
        ],
      }),
    );
    const frame = smallFrame([
      { is_new_enterprise: 1 }, // A → B by observation
      { serious_penalties_36m: 1 }, // A → C
      { penalties_12m: 3, serious_penalties_36m: 1 }, // C → D (capped)
      { on_abnormal_list: 1, complaints_12m: 10 }, // scored B (0.6·100 + 0.2·0 + 0.2·100 = 80) → C
      { on_abnormal_list: 1, penalties_12m: 3, complaints_12m: 10, reports_12m: 5 }, // D stays D: floor changes nothing
      { is_new_enterprise: 1, on_serious_list: 1 }, // B by observation, then D
    ]);
    const c = classifyFrame(set, frame);
    expect(Array.from(c.scoredClass, (k) => "ABCD"[k])).toEqual(["A", "A", "C", "B", "D", "A"]);
    expect(letters(c)).toEqual(["B", "C", "D", "C", "D", "D"]);
    expect(Array.from(c.override)).toEqual([0, 1, 1, 2, -1, 3]);
    expect(c.overrideMatched[5]).toBe(0b1001);
    expect(c.overrideMatched[4]).toBe(0b0100);
    expect(explainRow(c, frame, 5).override).toEqual({
      id: "serious",
      name: { zh: "严重失信", en: "serious" },
      action: "set D",
      evidence: { on_serious_list: 1 },
    });
  });

  it("chooses a model per enterprise by entity type, industry and tag", () => {
    const general = smallScorecard({ id: "general" });
    const additive = smallScorecard({
      id: "individual",
      appliesTo: { entityTypes: ["individual"] },
      combine: "additive",
      basePoints: 100,
      families: {
        supervision: {
          indicators: [
            { indicator: "penalties_12m", transform: { kind: "numeric", multiply: -10, cap: { min: 0, max: 5 } }, missing: { policy: "impute", value: 0 } },
          ],
        },
      },
      classes: { method: "thresholds", A: { atLeast: 95 }, B: { atLeast: 80 }, C: { atLeast: 60 } },
    });
    const food = smallScorecard({
      id: "food",
      appliesTo: { industries: ["H"], tags: ["food"] },
      classes: { method: "thresholds", A: { atLeast: 99 }, B: { atLeast: 90 }, C: { atLeast: 80 } },
    });
    const set = parseModel({ kind: "creditclass.model-set", version: 1, id: "s", name: { zh: "集", en: "set" }, models: [additive, food, general] });
    const frame = smallFrame([{ penalties_12m: 1 }, { penalties_12m: 1 }, { penalties_12m: 1 }, { penalties_12m: 1 }]);
    const c = classifyFrame(set, frame, {
      attributes: {
        entityType: ["individual", "company", "company", "company"],
        industry: ["H6210", "H6210", "H6210", "C1310"],
        tags: new Map([["food", new Uint8Array([1, 1, 0, 1])]]),
      },
    });
    expect(Array.from(c.model)).toEqual([0, 1, 2, 2]);
    expect(Array.from(c.scores.score)).toEqual([90, 70, 70, 70]);
    expect(letters(c)).toEqual(["B", "D", "B", "B"]);
    expect(() => classifyFrame(set, frame)).toThrow(/chooses enterprises by entityType/);
    expect(() => parseModel({ kind: "creditclass.model-set", version: 1, id: "s", name: { zh: "集", en: "set" }, models: [general, additive] })).toThrow(
      /last model must apply to every enterprise/,
    );
  });

  it("does not mutate the frame and refuses a frame without a model's column", () => {
    const frame = smallFrame([{ penalties_12m: 2 }]);
    const before = Array.from(frame.column("penalties_12m"));
    classifyFrame(parseModel(smallScorecard()), frame);
    expect(Array.from(frame.column("penalties_12m"))).toEqual(before);
    const thin = IndicatorFrame.fromObjects([{ uscc: "x", penalties_12m: 1 }]);
    expect(() => classifyFrame(parseModel(smallScorecard()), thin)).toThrow(/reads complaints_12m, which the frame lacks/);
  });
});

describe("scoring on two threads", () => {
  it("gives byte-identical results for a frame in shared memory", () => {
    const n = 600_000;
    const column = (f: (i: number) => number): Float64Array => {
      const x = new Float64Array(new SharedArrayBuffer(8 * n));
      for (let i = 0; i < n; i++) x[i] = f(i);
      return x;
    };
    const ids = Array.from({ length: n }, (_, i) => `E${i}`);
    const columns = {
      penalties_12m: column((i) => (i * 7919) % 5),
      complaints_12m: column((i) => ((i * 104729) % 13) + (i % 97 === 0 ? Number.NaN : 0)),
      reports_12m: column((i) => (i * 31) % 4),
    };
    const frame = IndicatorFrame.fromColumns({ ids, columns });
    const set = parseModel(smallScorecard({ classes: { method: "proportions", A: 0.65, B: 0.25, C: 0.08, D: 0.02 } }));
    const one = classifyFrame(set, frame);
    const two = classifyFrame(set, frame, { threads: 2 });
    expect(two.scores.score.buffer).toBeInstanceOf(SharedArrayBuffer);
    const same = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
      Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    expect(same(two.scores.score, one.scores.score)).toBe(true);
    expect(same(two.scores.reasonTerm, one.scores.reasonTerm)).toBe(true);
    expect(same(two.scores.reasonPoints, one.scores.reasonPoints)).toBe(true);
    expect(same(two.scores.missing, one.scores.missing)).toBe(true);
    expect(same(two.riskClass, one.riskClass)).toBe(true);
  });
});
