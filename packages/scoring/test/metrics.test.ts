import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adverseRateByClass } from "../src/evaluation/evaluate-classes.js";
import { rankingByPart } from "../src/evaluation/ranking-by-part.js";
import { rocCurve, scoreMetrics } from "../src/index.js";

describe("scoreMetrics", () => {
  it("knows small answers", () => {
    const m = scoreMetrics(new Float64Array([0.1, 0.4, 0.35, 0.8]), new Uint8Array([0, 0, 1, 1]));
    expect(m.auc).toBe(0.75);
    expect(m.gini).toBe(0.5);
    expect(m.ks).toBe(0.5);
    expect(m.brier).toBeCloseTo((0.01 + 0.16 + 0.4225 + 0.04) / 4, 12);
    expect(scoreMetrics(new Float64Array([0.3, 0.3, 0.3]), new Uint8Array([0, 1, 1])).auc).toBe(0.5);
    expect(scoreMetrics(new Float64Array([0.3, 0.4]), new Uint8Array([1, 1])).auc).toBeNaN();
  });

  const sample = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 3 })), { minLength: 2, maxLength: 60 })
    .filter((rows) => rows.some((r) => r[1] === 1) && rows.some((r) => r[1] === 0));

  it("property: invariant under increasing transforms, mirrored by negation", () => {
    fc.assert(
      fc.property(sample, (rows) => {
        const s = Float64Array.from(rows, (r) => r[0]);
        const y = Uint8Array.from(rows, (r) => r[1]);
        const auc = scoreMetrics(s, y).auc;
        expect(
          scoreMetrics(
            s.map((v) => Math.exp(v / 5) + 3),
            y,
          ).auc,
        ).toBeCloseTo(auc, 12);
        expect(
          scoreMetrics(
            s.map((v) => -v),
            y,
          ).auc,
        ).toBeCloseTo(1 - auc, 12);
      }),
    );
  });

  it("property: integer weights equal repeated rows", () => {
    fc.assert(
      fc.property(sample, (rows) => {
        const weighted = scoreMetrics(
          Float64Array.from(rows, (r) => r[0]),
          Uint8Array.from(rows, (r) => r[1]),
          rows.map((r) => r[2]),
        );
        const repeated = rows.flatMap((r) => Array.from({ length: r[2] }, () => r));
        const plain = scoreMetrics(
          Float64Array.from(repeated, (r) => r[0]),
          Uint8Array.from(repeated, (r) => r[1]),
        );
        expect(weighted.auc).toBeCloseTo(plain.auc, 12);
        expect(weighted.ks).toBeCloseTo(plain.ks, 12);
      }),
    );
  });
});

describe("rankingByPart", () => {
  it("ranks two parts on different scales separately, unlike the pooled AUC", () => {
    // Part 0 ranks perfectly on 0–100, part 1 perfectly on 0–1000; pooled, part 1's safe rows outrank part 0's risky ones.
    const risk = new Float64Array([10, 20, 30, 40, 500, 600, 700, 800]);
    const labels = new Uint8Array([0, 0, 1, 1, 0, 0, 1, 1]);
    const model = new Uint8Array([0, 0, 0, 0, 1, 1, 1, 1]);
    const parts = rankingByPart(risk, labels, model);
    expect(parts.map((p) => [p.model, p.rows, p.ranking.auc])).toEqual([
      [0, 4, 1],
      [1, 4, 1],
    ]);
    expect(scoreMetrics(risk, labels).auc).toBe(0.75);
  });

  it("property: each part's metrics and ROC are those of its rows alone, in part order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 80 }),
        (rows) => {
          const risk = Float64Array.from(rows, (r) => r[0] * (r[2] === 1 ? 100 : 1));
          const labels = Uint8Array.from(rows, (r) => r[1]);
          const model = Uint8Array.from(rows, (r) => r[2]);
          const before = [Float64Array.from(risk), Uint8Array.from(labels), Uint8Array.from(model)];
          const parts = rankingByPart(risk, labels, model);
          expect(parts.map((p) => p.model)).toEqual([...new Set(model)].sort());
          for (const p of parts) {
            const mine = rows.map((_, i) => i).filter((i) => model[i] === p.model);
            const r = Float64Array.from(mine, (i) => risk[i] as number);
            const y = Uint8Array.from(mine, (i) => labels[i] as number);
            expect(p.rows).toBe(mine.length);
            expect(p.ranking).toEqual(scoreMetrics(r, y));
            expect(p.roc).toEqual(rocCurve(r, y));
          }
          expect([risk, labels, model]).toEqual(before);
        },
      ),
    );
  });
});

describe("adverseRateByClass lift", () => {
  it("is rate(D) / rate(A)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1 })), { maxLength: 60 }), (rows) => {
        const r = adverseRateByClass(
          Uint8Array.from(rows, (x) => x[0]),
          rows.map((x) => x[1]),
        );
        expect(r.lift).toBe((r.rates[3] as number) / (r.rates[0] as number));
      }),
    );
    expect(adverseRateByClass(new Uint8Array([0, 0, 0, 0, 3, 3]), [1, 0, 0, 0, 1, 0]).lift).toBe(2);
  });
});
