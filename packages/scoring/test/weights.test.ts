import { IndicatorFrame, ValidationError } from "@creditclass/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ahpWeights, entropyWeights } from "../src/index.js";

describe("ahpWeights", () => {
  it("matches the classic three-criteria example", () => {
    const r = ahpWeights([
      [1, 3, 5],
      [1 / 3, 1, 3],
      [1 / 5, 1 / 3, 1],
    ]);
    expect(r.weights.map((w) => Number(w.toFixed(3)))).toEqual([0.637, 0.258, 0.105]);
    expect(r.lambdaMax).toBeCloseTo(3.0385, 4);
    expect(r.consistencyRatio).toBeCloseTo(0.0332, 3);
  });

  it("gives equal weights for a matrix of ones and exact ratios for a consistent matrix", () => {
    const equal = ahpWeights([
      [1, 1],
      [1, 1],
    ]).weights;
    for (const x of equal) expect(x).toBeCloseTo(0.5, 12);
    const w = [0.5, 0.3, 0.2];
    const consistent = w.map((a) => w.map((b) => a / b));
    const r = ahpWeights(consistent);
    for (const [i, x] of r.weights.entries()) expect(x).toBeCloseTo(w[i] ?? 0, 10);
    expect(r.consistencyRatio).toBeCloseTo(0, 10);
  });

  it("rejects inconsistent comparisons with the CR, and malformed matrices with the cell", () => {
    expect(() =>
      ahpWeights([
        [1, 9, 1 / 9],
        [1 / 9, 1, 9],
        [9, 1 / 9, 1],
      ]),
    ).toThrow(/the comparisons are inconsistent: CR = \d+\.\d{3}/);
    try {
      ahpWeights([
        [1, 2],
        [0.4, 1],
      ]);
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => [i.path, i.message])).toEqual([[[1, 0], "a[1][0] = 0.4 is not the reciprocal of a[0][1] = 2"]]);
    }
  });

  it("property: weights of a consistent matrix are recovered and sum to 1", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 2, maxLength: 8 }), (raw) => {
        const total = raw.reduce((s, v) => s + v, 0);
        const w = raw.map((v) => v / total);
        const r = ahpWeights(w.map((a) => w.map((b) => a / b)));
        expect(r.weights.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 10);
        for (const [i, x] of r.weights.entries()) expect(x).toBeCloseTo(w[i] ?? 0, 6);
      }),
    );
  });
});

describe("entropyWeights", () => {
  const frame = IndicatorFrame.fromColumns({
    ids: ["a", "b", "c", "d"],
    columns: {
      spread: new Float64Array([0, 0, 0, 10]),
      even: new Float64Array([1, 2, 3, 4]),
      flat: new Float64Array([5, 5, 5, 5]),
      age: new Float64Array([1, 2, 3, Number.NaN]),
    },
    meta: [{ id: "age", family: "basic", unit: "months", direction: "safety", name: { zh: "成立月数", en: "age" } }],
  });

  it("gives more weight to concentrated variation and none to a constant", () => {
    const r = entropyWeights(frame, ["spread", "even", "flat"]);
    expect(r.weights[2]).toBe(0);
    expect(r.entropies[0]).toBeCloseTo(0, 12);
    // even: normalised 0, 1/3, 2/3, 1 → p = 0, 1/6, 2/6, 3/6.
    const h = -[1 / 6, 2 / 6, 3 / 6].reduce((s, p) => s + p * Math.log(p), 0) / Math.log(4);
    expect(r.entropies[1]).toBeCloseTo(h, 12);
    expect(r.weights[0]).toBeCloseTo(1 / (1 + (1 - h)), 12);
    expect(r.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
  });

  it("reverses safety indicators, skips missing values, and refuses when nothing varies", () => {
    const r = entropyWeights(frame, ["age", "even"]);
    // Reversed and normalised: 1, ½, 0 → p = ⅔, ⅓, 0 over the three known values.
    expect(r.entropies[0]).toBeCloseTo(-[2 / 3, 1 / 3].reduce((s, p) => s + p * Math.log(p), 0) / Math.log(3), 12);
    expect(() => entropyWeights(frame, ["flat"])).toThrow("no indicator varies");
    expect(() => entropyWeights(frame, ["nope"])).toThrow(ValidationError);
  });

  it("property: row order does not change the weights", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(50), fc.nat(50)), { minLength: 3, maxLength: 30 }), (rows) => {
        fc.pre(new Set(rows.map((r) => r[0])).size > 1);
        const make = (rs: typeof rows) =>
          IndicatorFrame.fromColumns({
            ids: rs.map((_, i) => String(i)),
            columns: { x: Float64Array.from(rs, (r) => r[0]), y: Float64Array.from(rs, (r) => r[1]) },
          });
        const a = entropyWeights(make(rows), ["x", "y"]).weights;
        const b = entropyWeights(make([...rows].reverse()), ["x", "y"]).weights;
        for (const [i, w] of a.entries()) expect(w).toBeCloseTo(b[i] ?? Number.NaN, 10);
      }),
    );
  });
});
