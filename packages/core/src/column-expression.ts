/**
 * Expressions over columns, written in mathjs syntax (`penalties_12m / max(age_months, 1)`),
 * parsed once by mathjs, checked against an allow-list of operators and functions, and compiled
 * to one JavaScript loop over the columns — never `eval` of free text, never a per-row
 * interpreter. Every name must be a known column. Model: arquero's and vega's expression codegen.
 * @module
 */
import type { MathNode } from "mathjs";
import { parse } from "mathjs";
import type { Issue } from "./errors.js";
import { ValidationError } from "./errors.js";

/** Functions an expression may call, and their JavaScript implementation. */
const FUNCTIONS: Readonly<Record<string, string>> = {
  abs: "Math.abs",
  min: "Math.min",
  max: "Math.max",
  log: "Math.log",
  log1p: "Math.log1p",
  log10: "Math.log10",
  exp: "Math.exp",
  sqrt: "Math.sqrt",
  floor: "Math.floor",
  ceil: "Math.ceil",
  round: "Math.round",
  sign: "Math.sign",
  isNaN: "Number.isNaN",
};
/** mathjs operator functions → JavaScript, with whether the result is a truth value (written as 1/0). */
const BINARY: Readonly<Record<string, readonly [string, boolean]>> = {
  add: ["+", false],
  subtract: ["-", false],
  multiply: ["*", false],
  divide: ["/", false],
  pow: ["**", false],
  mod: ["%", false],
  smaller: ["<", true],
  larger: [">", true],
  smallerEq: ["<=", true],
  largerEq: [">=", true],
  equal: ["===", true],
  unequal: ["!==", true],
  and: ["&&", true],
  or: ["||", true],
};

/**
 * A compiled expression.
 * @category Expressions
 */
export interface ColumnExpression {
  /** The source text. */
  readonly source: string;
  /** The column names it reads, in first-use order. */
  readonly fields: readonly string[];
  /** Evaluates over columns of equal length (by name); returns a new column. */
  evaluate(columns: (name: string) => Float64Array, rows: number): Float64Array;
}

/**
 * Parses, checks and compiles an expression.
 *
 * @param source - mathjs syntax: numbers, column names, `+ - * / ^ %`, comparisons, `and or not`,
 *   `a ? b : c`, and the functions abs, min, max, log, log1p, log10, exp, sqrt, floor, ceil, round, sign, isNaN.
 * @param known - The column names that may be used.
 * @param path - Where the expression sits in a config, for issue paths.
 * @returns The compiled expression.
 * @throws {ValidationError} `invalid_expression` for a syntax error, a disallowed construct or function, with the character position; `unknown_indicator` for an unknown name.
 * @example
 * const e = compileColumnExpression("penalties_12m / max(age_months, 1)", ["penalties_12m", "age_months"]);
 * e.evaluate((n) => (n === "penalties_12m" ? new Float64Array([2]) : new Float64Array([0])), 1) //=> Float64Array [2]
 * @category Expressions
 */
export function compileColumnExpression(source: string, known: readonly string[], path: readonly (string | number)[] = []): ColumnExpression {
  let root: MathNode;
  try {
    root = parse(source);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /char (\d+)/.exec(message)?.[1];
    throw new ValidationError([
      {
        code: "invalid_expression",
        path,
        value: source,
        expected: "a mathjs expression",
        message: at === undefined ? message : `syntax error at position ${at}: ${message}`,
      },
    ]);
  }
  const knownSet = new Set(known);
  const fields: string[] = [];
  const issues: Issue[] = [];
  const fail = (code: "invalid_expression" | "unknown_indicator", name: string, why: string, expected: string): string => {
    const position = source.indexOf(name);
    issues.push({ code, path, value: source, expected, message: `${why}${position >= 0 ? ` at position ${position + 1}` : ""}` });
    return "NaN";
  };
  const gen = (node: MathNode): string => {
    switch (node.type) {
      case "ConstantNode": {
        const value = (node as unknown as { value: unknown }).value;
        return typeof value === "number" && Number.isFinite(value)
          ? `(${value})`
          : fail("invalid_expression", String(value), `constant ${JSON.stringify(value)} is not a number`, "a finite number");
      }
      case "SymbolNode": {
        const name = (node as unknown as { name: string }).name;
        if (!knownSet.has(name)) return fail("unknown_indicator", name, `unknown name ${name}`, `one of ${known.join(", ")}`);
        let k = fields.indexOf(name);
        if (k < 0) k = fields.push(name) - 1;
        return `c${k}[i]`;
      }
      case "ParenthesisNode":
        return gen((node as unknown as { content: MathNode }).content);
      case "ConditionalNode": {
        const c = node as unknown as { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
        return `(${gen(c.condition)} ? ${gen(c.trueExpr)} : ${gen(c.falseExpr)})`;
      }
      case "OperatorNode": {
        const o = node as unknown as { fn: string; op: string; args: MathNode[] };
        const [a, b] = o.args;
        if (o.args.length === 1 && a !== undefined) {
          if (o.fn === "unaryMinus") return `(-${gen(a)})`;
          if (o.fn === "unaryPlus") return `(+${gen(a)})`;
          if (o.fn === "not") return `(${gen(a)} ? 0 : 1)`;
        }
        const op = BINARY[o.fn];
        if (op !== undefined && a !== undefined && b !== undefined) {
          const text = `(${gen(a)} ${op[0]} ${gen(b)})`;
          return op[1] ? `(${text} ? 1 : 0)` : text;
        }
        return fail("invalid_expression", o.op, `operator ${o.op} is not allowed`, "+ - * / ^ % < > <= >= == != and or not");
      }
      case "FunctionNode": {
        const f = node as unknown as { fn: { name?: string }; args: MathNode[] };
        const name = f.fn.name ?? "";
        const js = FUNCTIONS[name];
        if (js === undefined) return fail("invalid_expression", name, `function ${name || "(computed)"} is not allowed`, Object.keys(FUNCTIONS).join(", "));
        return `(+${js}(${f.args.map(gen).join(", ")}))`;
      }
      default:
        return fail(
          "invalid_expression",
          node.toString(),
          `${node.type} ${JSON.stringify(node.toString())} is not allowed`,
          "numbers, names, operators and allowed functions",
        );
    }
  };
  const body = gen(root);
  if (issues.length > 0) throw new ValidationError(issues);
  const params = fields.map((_, k) => `c${k}`);
  // The body is generated only from allow-listed node types above: no user text reaches it verbatim.
  const kernel = new Function(...params, "n", `const out = new Float64Array(n); for (let i = 0; i < n; i++) out[i] = ${body}; return out;`) as (
    ...args: (Float64Array | number)[]
  ) => Float64Array;
  return {
    source,
    fields,
    evaluate: (columns, rows) => kernel(...fields.map(columns), rows),
  };
}
