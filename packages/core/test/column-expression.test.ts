import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileColumnExpression, type ValidationError } from "../src/index.js";

const cols: Record<string, Float64Array> = { a: new Float64Array([1, 2, Number.NaN]), b: new Float64Array([4, 0, 1]) };
const get = (n: string): Float64Array => cols[n] ?? new Float64Array(3);

describe("column expressions", () => {
  it("evaluates arithmetic, functions, comparisons and conditionals over columns", () => {
    expect([...compileColumnExpression("a / max(b, 1)", ["a", "b"]).evaluate(get, 3)]).toEqual([0.25, 2, Number.NaN]);
    expect([...compileColumnExpression("a > 1 and b == 0", ["a", "b"]).evaluate(get, 3)]).toEqual([0, 1, 0]);
    expect([...compileColumnExpression("isNaN(a) ? -1 : a ^ 2", ["a", "b"]).evaluate(get, 3)]).toEqual([1, 4, -1]);
    expect(compileColumnExpression("log1p(b) + a", ["a", "b"]).fields).toEqual(["b", "a"]);
  });

  it("rejects unknown names and disallowed functions with their position", () => {
    const issues = (src: string): unknown => {
      try {
        compileColumnExpression(src, ["a", "b"], ["custom", 0, "expression"]);
        return undefined;
      } catch (e) {
        return (e as ValidationError).issues.map((i) => [i.code, i.message, i.path]);
      }
    };
    expect(issues("a + c")).toEqual([["unknown_indicator", "unknown name c at position 5", ["custom", 0, "expression"]]]);
    expect(issues("evaluate(a)")).toEqual([["invalid_expression", "function evaluate is not allowed at position 1", ["custom", 0, "expression"]]]);
    expect(issues("x = 1")).toMatchObject([["invalid_expression", expect.stringContaining("AssignmentNode"), ["custom", 0, "expression"]]]);
    expect(issues("a +")).toMatchObject([["invalid_expression", expect.stringContaining("syntax error"), ["custom", 0, "expression"]]]);
    expect(issues('"text"')).toMatchObject([["invalid_expression", expect.stringContaining("is not a number"), ["custom", 0, "expression"]]]);
  });

  it("property: a compiled linear expression equals the JS computation", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: -5, max: 5 }),
        (x, y, k) => {
          const e = compileColumnExpression(`${k} * a - b`, ["a", "b"]);
          const out = e.evaluate((n) => new Float64Array([n === "a" ? x : y]), 1);
          expect(out[0]).toBeCloseTo(k * x - y, 6);
        },
      ),
    );
  });
});
