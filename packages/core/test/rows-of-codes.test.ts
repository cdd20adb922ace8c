import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rowsOfCodes } from "../src/index.js";

/** The answer by a map, whatever the order. */
function byMap(codes: readonly string[], ids: readonly string[]): number[] {
  const rowOf = new Map(ids.map((id, r) => [id, r] as const));
  return codes.map((c) => rowOf.get(c) ?? -1);
}

const codeSet = fc.uniqueArray(fc.stringMatching(/^[0-9A-Z]{1,4}$/), { maxLength: 60 });

describe("rowsOfCodes", () => {
  it("finds each code's row in ascending lists by merging, with the map's answer", () => {
    fc.assert(
      fc.property(codeSet, fc.array(fc.boolean(), { maxLength: 60 }), fc.array(fc.boolean(), { maxLength: 60 }), (all, inCodes, inIds) => {
        const sorted = [...all].sort();
        const codes = sorted.filter((_, k) => inCodes[k] ?? true);
        const ids = sorted.filter((_, k) => inIds[k] ?? false);
        expect([...rowsOfCodes(codes, ids)]).toEqual(byMap(codes, ids));
      }),
    );
  });

  it("gives the same answer for lists in any order", () => {
    fc.assert(
      fc.property(codeSet, codeSet, (codes, ids) => {
        expect([...rowsOfCodes(codes, ids)]).toEqual(byMap(codes, ids));
      }),
    );
  });

  it("knows a register and a frame of the same codes", () => {
    expect([...rowsOfCodes(["A1", "B2", "C3"], ["B2", "C3"])]).toEqual([-1, 0, 1]);
    expect([...rowsOfCodes(["C3", "A1"], ["A1", "C3"])]).toEqual([1, 0]);
  });
});
