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

/**
 * Functions an expression may call, and their JavaScript implementation. A Map, not an object
 * literal: a name such as `constructor` or `__proto__` must not reach `Object.prototype`.
 */
const FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ["abs", "Math.abs"],
  ["min", "Math.min"],
  ["max", "Math.max"],
  ["log", "Math.log"],
  ["log1p", "Math.log1p"],
  ["log10", "Math.log10"],
  ["exp", "Math.exp"],
  ["sqrt", "Math.sqrt"],
  ["floor", "Math.floor"],
  ["ceil", "Math.ceil"],
  ["round", "Math.round"],
  ["sign", "Math.sign"],
  ["isNaN", "Number.isNaN"],
]);
/** mathjs operator functions → JavaScript, with whether the result is a truth value (written as 1/0). */
const BINARY: ReadonlyMap<string, readonly [string, boolean]> = new Map<string, readonly [string, boolean]>([
  ["add", ["+", false]],
  ["subtract", ["-", false]],
  ["multiply", ["*", false]],
  ["divide", ["/", false]],
  ["pow", ["**", false]],
  ["mod", ["%", false]],
  ["smaller", ["<", true]],
  ["larger", [">", true]],
  ["smallerEq", ["<=", true]],
  ["largerEq", [">=", true]],
  ["equal", ["===", true]],
  ["unequal", ["!==", true]],
  ["and", ["&&", true]],
  ["or", ["||", true]],
]);
/**
 * Left-associative operators of one JavaScript precedence level: a chain of them
 * (`a + b - c + …`) is written flat and counts as one level of nesting.
 */
const CHAINS: ReadonlyMap<string, number> = new Map([
  ["add", 1],
  ["subtract", 1],
  ["multiply", 2],
  ["divide", 2],
  ["mod", 2],
]);

/**
 * The limits on one expression, checked before anything recurses over it, so that hostile or
 * generated input fails as an `invalid_expression` issue naming the limit, never as a stack
 * overflow.
 *
 * - `maxLength`: characters of source text (checked first, before parsing).
 * - `maxDepth`: levels of nesting. Each bracket, function call, operator or conditional is a
 *   level, except that a chain of `+ -` or of `* / %` (`a + b - c + …`) counts as one level.
 *   Brackets are counted in the text before parsing; the parsed tree is measured without
 *   recursion.
 * - `maxNodes`: nodes of the parsed tree (each number, name, operator, call, bracket), so a sum
 *   may have up to about 1,000 terms.
 *
 * @example
 * EXPRESSION_LIMITS.maxDepth //=> 64
 * @category Expressions
 */
export const EXPRESSION_LIMITS = { maxLength: 10_000, maxNodes: 2_000, maxDepth: 64 } as const;

/** What the expression path of an issue carries. */
type Path = readonly (string | number)[];

/** An `invalid_expression` issue for a broken limit. */
function limitIssue(source: string, path: Path, message: string, expected: string): Issue {
  const value = source.length > 200 ? `${source.slice(0, 200)}…` : source;
  return { code: "invalid_expression", path, value, expected, message };
}

/**
 * The 1-based position of the first bracket nested deeper than the limit, outside string
 * literals; `undefined` when none is.
 */
function tooDeepBracket(source: string, maxDepth: number): number | undefined {
  let depth = 0;
  let quote = "";
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quote !== "") {
      if (ch === "\\") i++;
      else if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "(" || ch === "[" || ch === "{") {
      if (++depth > maxDepth) return i + 1;
    } else if (ch === ")" || ch === "]" || ch === "}") depth--;
  }
  return undefined;
}

/** A binary operator node's chain level (see {@link CHAINS}), or `undefined`. */
function chainOf(node: MathNode): number | undefined {
  if (node.type !== "OperatorNode") return undefined;
  const o = node as unknown as { fn: string; args: MathNode[] };
  return o.args.length === 2 ? CHAINS.get(o.fn) : undefined;
}

/**
 * Measures a parsed tree without recursion: whether it has more nodes or more levels than the
 * limits allow (stopping at the first excess).
 */
function treeIssue(root: MathNode): string | undefined {
  const { maxNodes, maxDepth } = EXPRESSION_LIMITS;
  const stack: [MathNode, number][] = [[root, 1]];
  let nodes = 0;
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth] = top;
    if (++nodes > maxNodes) return `expression exceeds the limit of ${maxNodes} nodes (maxNodes)`;
    if (depth > maxDepth) return `expression exceeds the limit of ${maxDepth} levels of nesting (maxDepth)`;
    const chain = chainOf(node);
    node.forEach((child, childPath) => {
      const continues = chain !== undefined && childPath === "args[0]" && chainOf(child) === chain;
      stack.push([child, continues ? depth : depth + 1]);
    });
  }
  return undefined;
}

/** Whether a character can continue a mathjs name. */
const NAME_CHAR = /[\p{L}\p{N}_$]/u;

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
 * Every name is looked up as the allow-lists' own entry, so `constructor(1)`, `toString`,
 * `__proto__` and the like are unknown like any other name. The {@link EXPRESSION_LIMITS} —
 * 10,000 characters, 64 levels of nesting, 2,000 nodes — are checked before anything recurses:
 * the length before parsing, bracket nesting in the text, then the parsed tree without
 * recursion.
 *
 * @param source - mathjs syntax: numbers, column names, `+ - * / ^ %`, comparisons, `and or not`,
 *   `a ? b : c`, and the functions abs, min, max, log, log1p, log10, exp, sqrt, floor, ceil, round, sign, isNaN.
 * @param known - The column names that may be used.
 * @param path - Where the expression sits in a config, for issue paths.
 * @returns The compiled expression.
 * @throws {ValidationError} `invalid_expression` for a syntax error, a disallowed construct or function (with the
 *   character position), or a broken limit (naming it); `unknown_indicator` for an unknown name, with its position.
 * @example
 * const e = compileColumnExpression("penalties_12m / max(age_months, 1)", ["penalties_12m", "age_months"]);
 * e.evaluate((n) => (n === "penalties_12m" ? new Float64Array([2]) : new Float64Array([0])), 1) //=> Float64Array [2]
 * @example
 * compileColumnExpression("constructor(1)", []) // throws ValidationError: function constructor is not allowed at position 1
 * @category Expressions
 */
export function compileColumnExpression(source: string, known: readonly string[], path: readonly (string | number)[] = []): ColumnExpression {
  const { maxLength, maxDepth } = EXPRESSION_LIMITS;
  if (source.length > maxLength) {
    const message = `expression is ${source.length} characters long, over the limit of ${maxLength} characters (maxLength)`;
    throw new ValidationError([limitIssue(source, path, message, `at most ${maxLength} characters`)]);
  }
  const bracket = tooDeepBracket(source, maxDepth);
  if (bracket !== undefined) {
    const message = `expression exceeds the limit of ${maxDepth} levels of nesting (maxDepth) at position ${bracket}`;
    throw new ValidationError([limitIssue(source, path, message, `at most ${maxDepth} levels of nesting`)]);
  }
  let root: MathNode;
  try {
    root = parse(source);
  } catch (e) {
    // mathjs parses right-nested operators (`a^a^a…`, `a ? b : c ? …`) recursively: a chain that
    // fits in maxLength can still exhaust the stack before the tree can be measured.
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      const message = `expression exceeds the limit of ${maxDepth} levels of nesting (maxDepth): too deep to parse`;
      throw new ValidationError([limitIssue(source, path, message, `at most ${maxDepth} levels of nesting`)]);
    }
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
  const tooBig = treeIssue(root);
  if (tooBig !== undefined) {
    const { maxNodes } = EXPRESSION_LIMITS;
    throw new ValidationError([limitIssue(source, path, tooBig, `at most ${maxDepth} levels of nesting and ${maxNodes} nodes`)]);
  }
  const knownSet = new Set(known);
  const fields: string[] = [];
  const issues: Issue[] = [];
  // Where to look for the next occurrence of each name, so repeated names get their own positions.
  const searchFrom = new Map<string, number>();
  const positionOf = (name: string): number => {
    if (name === "") return -1;
    const isName = NAME_CHAR.test(name[0] ?? "");
    for (let from = searchFrom.get(name) ?? 0, at = source.indexOf(name, from); at >= 0; at = source.indexOf(name, at + 1)) {
      const before = source[at - 1];
      const after = source[at + name.length];
      if (!isName || ((before === undefined || !NAME_CHAR.test(before)) && (after === undefined || !NAME_CHAR.test(after)))) {
        searchFrom.set(name, at + name.length);
        return at;
      }
    }
    return source.indexOf(name);
  };
  const fail = (code: "invalid_expression" | "unknown_indicator", name: string, why: string, expected: string): string => {
    const position = positionOf(name);
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
        const chain = chainOf(node);
        if (chain !== undefined) {
          // A left-leaning chain of one precedence level, written flat without recursing down it:
          // JavaScript groups `x - y + z` from the left exactly as the tree does.
          const links: { fn: string; args: [MathNode, MathNode] }[] = [];
          let left: MathNode = node;
          while (chainOf(left) === chain) {
            const l = left as unknown as { fn: string; args: [MathNode, MathNode] };
            links.push(l);
            left = l.args[0];
          }
          let text = gen(left);
          for (let k = links.length - 1; k >= 0; k--) {
            const l = links[k] as { fn: string; args: [MathNode, MathNode] };
            text += ` ${BINARY.get(l.fn)?.[0]} ${gen(l.args[1])}`;
          }
          return `(${text})`;
        }
        const op = BINARY.get(o.fn);
        if (op !== undefined && a !== undefined && b !== undefined) {
          const text = `(${gen(a)} ${op[0]} ${gen(b)})`;
          return op[1] ? `(${text} ? 1 : 0)` : text;
        }
        for (const arg of o.args) gen(arg);
        return fail("invalid_expression", o.op, `operator ${o.op} is not allowed`, "+ - * / ^ % < > <= >= == != and or not");
      }
      case "FunctionNode": {
        const f = node as unknown as { fn: MathNode & { name?: unknown }; args: MathNode[] };
        // Only a plain name calls a function: `x.abs(1)` or `f(1)(2)` are computed, and refused.
        const name = f.fn.type === "SymbolNode" && typeof f.fn.name === "string" ? f.fn.name : "";
        const js = FUNCTIONS.get(name);
        if (js === undefined) {
          const issue = fail("invalid_expression", name, `function ${name || "(computed)"} is not allowed`, [...FUNCTIONS.keys()].join(", "));
          for (const arg of f.args) gen(arg);
          return issue;
        }
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
