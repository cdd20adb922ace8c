/**
 * Generates one loop per model part: for each row, every term's points computed inline (bins as
 * comparison chains with the bounds as constants, knots, multiply-adds), the weighted sum, the
 * missing count and the top reasons kept in scalar variables — one pass over the columns, no
 * buffers, no per-row allocation. The source is built only from validated numbers (see
 * `lit`); model text never reaches it. Model: arquero's and vega's expression codegen.
 * @module
 */
import type { CompiledLinear } from "./compile-model.js";
import { lit } from "./compile-model.js";

/**
 * The generated loop: for i in `start..end`, the i-th row `r` of `rows` (or `r = i`), writes
 * `sum[i]` (the published score, with `risk[r]`, when `publish` is set), adds to `missing[r]` and
 * (when reasons are asked for) fills `reasonTerm` / `reasonPoints` at `r × K`. Disjoint ranges touch disjoint memory, so ranges can run in parallel.
 * @category Scoring
 */
export type LinearLoop = (
  inputs: readonly Float64Array[],
  rows: Int32Array | undefined,
  start: number,
  end: number,
  sum: Float64Array,
  missing: Uint16Array,
  reasonTerm: Int16Array,
  reasonPoints: Float32Array,
  risk: Float64Array,
) => void;

/**
 * Options of a generated loop.
 * @category Scoring
 */
export interface LoopOptions {
  /** Reasons kept per row (0 = none). */
  readonly count: number;
  /** Turns a term's raw loss into the published score's units. */
  readonly factor: number;
  /** Add to `missing` (a model's second part) instead of setting it. */
  readonly addMissing?: boolean;
  /** Write the published score `offset + factor × sum` into `sum[i]` and its negation into `risk[r]` (scorecards), saving a pass. */
  readonly publish?: { readonly offset: number; readonly factor: number };
}

/** The parameter names of a loop's source, in order. */
export const LOOP_PARAMETERS = ["inputs", "rows", "start", "end", "sum", "missing", "reasonTerm", "reasonPoints", "risk"] as const;

/** The most reasons a loop keeps per row. */
export const MAX_REASONS = 10;

/**
 * Compiles the loop of a model part.
 *
 * @param part - A compiled scorecard or logistic part.
 * @param reasons - Reasons per row (0 = none), the factor turning a term's raw loss into published units, and whether missing counts add to earlier ones.
 * @returns The loop.
 * @throws {RangeError} For more than {@link MAX_REASONS} reasons.
 * @example
 * const loop = compileLinearLoop(compiled.scorecard, { count: 3, factor: 10 });
 * loop(inputs, undefined, 0, n, sum, missing, reasonTerm, reasonPoints, risk);
 * @category Scoring
 */
export function compileLinearLoop(part: CompiledLinear, reasons: LoopOptions): LinearLoop {
  return new Function(...LOOP_PARAMETERS, linearLoopSource(part, reasons)) as LinearLoop;
}

/**
 * The source of a part's loop (the body of a function of {@link LOOP_PARAMETERS}), for
 * {@link compileLinearLoop} or a worker thread.
 *
 * @param part - A compiled scorecard or logistic part.
 * @param reasons - Reasons per row, the loss factor, whether missing counts add up.
 * @returns JavaScript source built from validated numbers only.
 * @throws {RangeError} For more than {@link MAX_REASONS} reasons.
 * @example
 * new Function(...LOOP_PARAMETERS, linearLoopSource(part, { count: 0, factor: 1 }))
 * @category Scoring
 */
export function linearLoopSource(part: CompiledLinear, reasons: LoopOptions): string {
  const K = reasons.count;
  if (K > MAX_REASONS) throw new RangeError(`at most ${MAX_REASONS} reasons per enterprise, asked for ${K}`);
  const lines: string[] = [];
  for (let t = 0; t < part.terms.length; t++) lines.push(`const x${t} = inputs[${t}];`);
  lines.push("for (let i = start; i < end; i++) {");
  lines.push("  const r = rows === undefined ? i : rows[i];");
  lines.push(`  let s = ${lit(part.base)}; let m = 0;`);
  for (let k = 0; k < K; k++) lines.push(`  let l${k} = 0; let t${k} = -1;`);
  part.terms.forEach((term, t) => {
    lines.push(`  { const v = x${t}[r]; let p = 0; if (v !== v) { p = ${lit(term.missingPoints)}; m++; } else p = ${term.points("v")};`);
    lines.push(`    s += ${lit(term.weight)} * p;`);
    if (K > 0) {
      // Loss in published units: how far the term pushes towards risk from its reference.
      const a = term.riskSign * term.weight * reasons.factor;
      lines.push(`    const l = ${lit(a)} * (p - ${lit(term.reference)});`);
      lines.push(`    if (l > l${K - 1}) { ${insert(K - 1, t)} } }`);
    } else lines.push("  }");
  });
  // The first part of a model sets the missing count (so a range recomputed after a failed worker stays right); a second adds to it.
  const publish = reasons.publish;
  if (publish !== undefined) lines.push(`  s = ${lit(publish.offset)} + ${lit(publish.factor)} * s; risk[r] = -s;`);
  lines.push(reasons.addMissing === true ? "  sum[i] = s; missing[r] += m;" : "  sum[i] = s; missing[r] = m;");
  if (K > 0) {
    lines.push(`  const o = r * ${K};`);
    for (let k = 0; k < K; k++) lines.push(`  reasonTerm[o + ${k}] = t${k}; reasonPoints[o + ${k}] = l${k};`);
  }
  lines.push("}");
  return lines.join("\n");
}

/** Unrolled insertion of loss `l` of term `t` into the sorted scalars `l0 ≥ l1 ≥ …`, at position ≤ k. */
function insert(k: number, t: number): string {
  if (k === 0) return `l0 = l; t0 = ${t};`;
  return `if (l > l${k - 1}) { l${k} = l${k - 1}; t${k} = t${k - 1}; ${insert(k - 1, t)} } else { l${k} = l; t${k} = ${t}; }`;
}
