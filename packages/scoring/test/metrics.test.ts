import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scoreMetrics } from "../src/index.js";

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
