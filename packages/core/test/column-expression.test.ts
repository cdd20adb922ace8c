import fc from "fast-check";
import { evaluate } from "mathjs";
import { describe, expect, it } from "vitest";
import { type ColumnExpression, compileColumnExpression, EXPRESSION_LIMITS } from "../src/column-expression.js";
import { ValidationError } from "../src/errors.js";

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

describe("column expressions: hostile input", () => {
  const issues = (src: string, known: readonly string[] = ["a", "b"]): unknown => {
    try {
      compileColumnExpression(src, known, ["custom", 0, "expression"]);
      return undefined;
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      return (e as ValidationError).issues.map((i) => [i.code, i.message]);
    }
  };
  const prototypeNames = ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "isPrototypeOf", "toLocaleString", "__defineGetter__"];

  it.each(prototypeNames)("refuses %s as a function and as a name, with its position", (name) => {
    expect(issues(`a + ${name}(1)`)).toEqual([["invalid_expression", `function ${name} is not allowed at position 5`]]);
    expect(issues(`a + ${name}`)).toEqual([["unknown_indicator", `unknown name ${name} at position 5`]]);
    expect(issues(`${name}(a) > 1 and ${name} < b`)).toEqual([
      ["invalid_expression", `function ${name} is not allowed at position 1`],
      ["unknown_indicator", `unknown name ${name} at position ${name.length + 13}`],
    ]);
  });

  it("property: no name of Object.prototype compiles, and each fails as a validation issue", () => {
    const names = Object.getOwnPropertyNames(Object.prototype);
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.boolean(), (name, call) => {
        expect(() => compileColumnExpression(call ? `${name}(1)` : name, ["a"])).toThrow(ValidationError);
      }),
    );
  });

  it("reports each occurrence of a name at its own position, and names inside a refused call", () => {
    expect(issues("nope + a + nope")).toEqual([
      ["unknown_indicator", "unknown name nope at position 1"],
      ["unknown_indicator", "unknown name nope at position 12"],
    ]);
    expect(issues("ab + b", ["ab"])).toEqual([["unknown_indicator", "unknown name b at position 6"]]);
    expect(issues("evaluate(nope)")).toEqual([
      ["invalid_expression", "function evaluate is not allowed at position 1"],
      ["unknown_indicator", "unknown name nope at position 10"],
    ]);
    expect(issues("Math.abs(a)")).toEqual([["invalid_expression", "function (computed) is not allowed"]]);
  });

  it("states the limits", () => {
    expect(EXPRESSION_LIMITS).toEqual({ maxLength: 10_000, maxNodes: 2_000, maxDepth: 64 });
  });

  it("refuses a 2,000-term sum as over the node limit, and compiles a 1,000-term one", () => {
    expect(issues(Array(2000).fill("a").join("+"))).toEqual([["invalid_expression", "expression exceeds the limit of 2000 nodes (maxNodes)"]]);
    expect(issues(Array(20_000).fill("a").join("+"))).toMatchObject([["invalid_expression", expect.stringContaining("(maxLength)")]]);
    const sum = compileColumnExpression(Array(1000).fill("a").join(" + "), ["a"]);
    expect([...sum.evaluate(() => new Float64Array([1, 2]), 2)]).toEqual([1000, 2000]);
    const mixed = compileColumnExpression(Array(500).fill("a - b").join(" + "), ["a", "b"]);
    expect([...mixed.evaluate(get, 3)]).toEqual([-1500, 1000, Number.NaN]);
  });

  it("refuses text over maxLength before parsing", () => {
    expect(issues(`a${" ".repeat(10_000)}`)).toEqual([
      ["invalid_expression", "expression is 10001 characters long, over the limit of 10000 characters (maxLength)"],
    ]);
    expect(compileColumnExpression(`a${" ".repeat(9_999)}`, ["a"]).fields).toEqual(["a"]);
  });

  it("refuses nesting deeper than maxDepth, however it is written", () => {
    const depth = "expression exceeds the limit of 64 levels of nesting (maxDepth)";
    expect(issues(`${"(".repeat(65)}a${")".repeat(65)}`)).toEqual([["invalid_expression", `${depth} at position 65`]]);
    expect(issues(`${"abs(".repeat(1000)}a${")".repeat(1000)}`)).toEqual([["invalid_expression", `${depth} at position 260`]]);
    expect(issues(`${"-".repeat(100)}a`)).toEqual([["invalid_expression", depth]]);
    expect(issues(`${"a ? b : ".repeat(100)}a`)).toEqual([["invalid_expression", depth]]);
    // Deep enough that mathjs's own recursive parser runs out of stack.
    expect(issues(`${"a^".repeat(4_900)}a`)).toMatchObject([["invalid_expression", expect.stringContaining(depth)]]);
    expect(issues(`${"a ? b : ".repeat(1_200)}a`)).toMatchObject([["invalid_expression", expect.stringContaining(depth)]]);
    // Brackets inside a string literal are not nesting; the string is refused as a constant.
    expect(issues(`"${"(".repeat(100)}"`)).toMatchObject([["invalid_expression", expect.stringContaining("is not a number")]]);
    // Just inside the limit compiles.
    const e = compileColumnExpression(`${"(".repeat(62)}a${")".repeat(62)}`, ["a"]);
    expect([...e.evaluate(get, 3)]).toEqual([1, 2, Number.NaN]);
  });

  it("property: chains of + - * / evaluate as mathjs does", () => {
    type Expr = string;
    const { expr } = fc.letrec<{ expr: Expr; term: Expr }>((tie) => ({
      term: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom("a", "b", "2", "0.5"),
        tie("expr").map((e) => `(${e})`),
        tie("term").map((t) => `-${t}`),
      ),
      expr: fc
        .tuple(tie("term"), fc.array(fc.tuple(fc.constantFrom("+", "-", "*", "/"), tie("term")), { maxLength: 6 }))
        .map(([first, rest]) => rest.reduce((acc, [op, t]) => `${acc} ${op} ${t}`, first)),
    }));
    fc.assert(
      fc.property(expr, fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), (src, x, y) => {
        let compiled: ColumnExpression;
        try {
          compiled = compileColumnExpression(src, ["a", "b"]);
        } catch (e) {
          // Random trees may exceed the limits; those must fail as issues, not crash.
          expect(e).toBeInstanceOf(ValidationError);
          return;
        }
        const out = compiled.evaluate((n) => new Float64Array([n === "a" ? x : y]), 1)[0];
        const expected = evaluate(src, { a: x, b: y }) as number;
        if (Number.isNaN(expected)) expect(out).toBeNaN();
        else expect(out).toBe(expected);
      }),
    );
  });

  it("does not mutate its inputs", () => {
    const known = Object.freeze(["a", "b"]);
    const path = Object.freeze(["custom", 0]);
    expect(() => compileColumnExpression("a + b", known, path)).not.toThrow();
    expect(() => compileColumnExpression("nope", known, path)).toThrow(ValidationError);
  });
});
