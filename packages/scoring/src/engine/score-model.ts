/**
 * Scores rows with a compiled model: one generated loop per model part (see `linear-loop.ts`)
 * computes every term, the sum, the missing count and the top reasons in a single pass over the
 * columns; a last pass turns sums into published scores, probabilities and risk.
 * @module
 */
import type { IndicatorFrame } from "@creditclass/core";
import type { GbmModelDocument } from "../gbm/gbm-schema.js";
import { scoreGbm } from "../gbm/score-gbm.js";
import { sigmoid } from "../model/logistic-model.js";
import type { CompiledLinear, CompiledModel } from "./compile-model.js";
import type { LinearLoop } from "./linear-loop.js";
import { LOOP_PARAMETERS, linearLoopSource } from "./linear-loop.js";
import { runLoop } from "./run-loop.js";

/**
 * Scores and reasons, one entry per frame row (rows a model did not score keep their initial values).
 * @category Scoring
 */
export interface ScoreColumns {
  readonly count: number;
  /** The published score: scorecard points (scaled if the model says so); for a logistic model its PDO score or else the probability; for a hybrid the blended risk. */
  readonly score: Float64Array;
  /** P(adverse outcome) when the model has a logistic part, else NaN; empty when no model of the set has one. */
  readonly probability: Float64Array;
  /** What classes are assigned on; higher is riskier (−score for a scorecard). */
  readonly risk: Float64Array;
  /** Reasons per row. */
  readonly reasonCount: number;
  /** Term index of reason k of row r at `r × reasonCount + k`; −1 when fewer reasons. */
  readonly reasonTerm: Int16Array;
  /** What that term costs the row, in the published score's units (points lost, or log-odds / risk added). */
  readonly reasonPoints: Float32Array;
  /** How many indicators of the row were missing and scored by their policy. */
  readonly missing: Uint16Array;
}

/**
 * Options of {@link emptyScoreColumns}.
 * @category Scoring
 */
export interface ScoreColumnsOptions {
  /** Allocate in `SharedArrayBuffer`s, so worker threads can write them (default false). */
  readonly shared?: boolean;
  /** Fill scores with NaN first (default true; off when every row will be scored anyway). */
  readonly fill?: boolean;
  /** Allocate the probability column (default true; a set of scorecards has none, and gets an empty array). */
  readonly probability?: boolean;
}

/**
 * Allocates result columns for `count` rows.
 *
 * @param count - Rows.
 * @param reasonCount - Reasons per row (default 3).
 * @param options - Shared memory, NaN fill, probability column.
 * @returns Empty columns (NaN scores, no reasons).
 * @example
 * emptyScoreColumns(2).score //=> Float64Array [NaN, NaN]
 * @category Scoring
 */
export function emptyScoreColumns(count: number, reasonCount = 3, options: ScoreColumnsOptions = {}): ScoreColumns {
  const memory = (bytes: number): ArrayBuffer | SharedArrayBuffer => (options.shared === true ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const f64 = (n: number): Float64Array => {
    const a = new Float64Array(memory(8 * n));
    return options.fill === false ? a : a.fill(Number.NaN);
  };
  const reasonTerm = new Int16Array(memory(2 * count * reasonCount));
  if (options.fill !== false) reasonTerm.fill(-1);
  return {
    count,
    score: f64(count),
    probability: options.probability === false ? new Float64Array(0) : f64(count),
    risk: f64(count),
    reasonCount,
    reasonTerm,
    reasonPoints: new Float32Array(memory(4 * count * reasonCount)),
    missing: new Uint16Array(memory(2 * count)),
  };
}

/**
 * Scores rows of a frame with a compiled model into `out`.
 *
 * @param compiled - From {@link compileModel}.
 * @param frame - The indicator frame (a view is materialised once).
 * @param out - Result columns as long as the frame.
 * @param rows - Row indices to score (ascending or not); all rows when absent.
 * @param threads - Threads for the loops (default 1); more only help when the frame's columns and `out` are in shared memory, or for a boosted model's reasons (any memory).
 * @returns `out`.
 * @example
 * const out = scoreModel(compileModel(model, frame.columnNames), frame, emptyScoreColumns(frame.rowCount));
 * out.score[0] //=> 87.5
 * @category Scoring
 */
export function scoreModel(compiled: CompiledModel, frame: IndicatorFrame, out: ScoreColumns, rows?: Int32Array, threads = 1): ScoreColumns {
  const base = frame.isView ? frame.materialize() : frame;
  const n = rows === undefined ? base.rowCount : rows.length;
  const { model, scorecard, logistic } = compiled;
  if (compiled.gbm !== undefined) return scoreBoosted(compiled.gbm, base, out, rows, threads);
  // Published scale of a scorecard, and the factor turning a term's loss into published units.
  let scFactor = 1;
  let scOffset = 0;
  if (model.kind === "creditclass.scorecard" && model.scale !== undefined && scorecard !== undefined) {
    const [lo, hi] = scorecard.range;
    scFactor = (model.scale.max - model.scale.min) / (hi - lo);
    scOffset = model.scale.min - lo * scFactor;
  }
  const pdo = model.kind === "creditclass.logistic-model" ? model.scale : undefined;
  const pdoFactor = pdo === undefined ? 1 : pdo.pdo / Math.LN2;
  const blend = model.kind === "creditclass.hybrid" ? model.weight : 0;
  const scLow = scorecard?.range[0] ?? 0;
  const scRange = scorecard === undefined ? 1 : (scorecard.range[1] as number) - scLow;
  // Reasons come from the scorecard part when there is one, else from the logistic part.
  const reasonFactor = model.kind === "creditclass.hybrid" ? (1 - blend) / scRange : scorecard !== undefined ? scFactor : pdoFactor;
  const K = out.reasonCount;
  // Over all rows, the sums go straight into the output columns they become (no 8n-byte buffer to fault in).
  const run = (part: CompiledLinear | undefined, reasons: boolean, into: Float64Array, addMissing: boolean): Float64Array | undefined => {
    if (part === undefined) return undefined;
    const shared = out.score.buffer instanceof SharedArrayBuffer;
    const sum = rows === undefined && into.length > 0 ? into : new Float64Array(shared ? new SharedArrayBuffer(8 * n) : new ArrayBuffer(8 * n));
    // A scorecard's loop publishes the score and risk itself (one pass less over 2 × 8n bytes).
    const publish = model.kind === "creditclass.scorecard" && part === scorecard ? { offset: scOffset, factor: scFactor } : undefined;
    const options = { count: reasons ? K : 0, factor: reasonFactor, addMissing, ...(publish === undefined ? {} : { publish }) };
    const source = linearLoopSource(part, options);
    const loop = new Function(...LOOP_PARAMETERS, source) as LinearLoop;
    runLoop(
      loop,
      source,
      { inputs: inputsOf(part, base), rows, n, sum, missing: out.missing, reasonTerm: out.reasonTerm, reasonPoints: out.reasonPoints, risk: out.risk },
      threads,
    );
    return sum;
  };
  const sc = run(scorecard, true, out.score, false);
  const lg = run(logistic, scorecard === undefined, out.probability, scorecard !== undefined);
  const { score, probability, risk } = out;
  if (model.kind === "creditclass.scorecard") {
    // Published in the loop; rows of a subset still need copying from the part's buffer.
    if (rows !== undefined) for (let i = 0; i < n; i++) score[rows[i] as number] = sc?.[i] as number;
    if (probability.length > 0) for (let i = 0; i < n; i++) probability[rows === undefined ? i : (rows[i] as number)] = Number.NaN;
    return out;
  }
  for (let i = 0; i < n; i++) {
    const r = rows === undefined ? i : (rows[i] as number);
    const p = lg === undefined ? Number.NaN : sigmoid(lg[i] as number);
    if (model.kind === "creditclass.logistic-model") {
      score[r] = pdo === undefined ? p : pdo.basePoints + pdoFactor * (-(lg?.[i] as number) - Math.log(pdo.baseOdds));
      risk[r] = p;
    } else {
      const v = blend * p + (1 - blend) * (1 - ((sc?.[i] as number) - scLow) / scRange);
      score[r] = v;
      risk[r] = v;
    }
    if (probability.length > 0) probability[r] = p;
  }
  return out;
}

/**
 * A gradient-boosted part: its scores and TreeSHAP reasons (`score-gbm.ts`) over the rows it
 * scores, written into the set's columns; the risk classes are cut on is the probability, the
 * missing count is the features the row lacks (each took its split's learned direction).
 */
function scoreBoosted(model: GbmModelDocument, frame: IndicatorFrame, out: ScoreColumns, rows: Int32Array | undefined, threads: number): ScoreColumns {
  const columns = model.features.map((f) => {
    const all = frame.column(f.name);
    return rows === undefined ? all : Float64Array.from(rows, (r) => all[r] as number);
  });
  const K = out.reasonCount;
  const s = scoreGbm(model, columns, K, threads);
  const n = s.raw.length;
  for (let i = 0; i < n; i++) {
    const r = rows === undefined ? i : (rows[i] as number);
    out.score[r] = s.score[i] as number;
    out.risk[r] = s.probability[i] as number;
    if (out.probability.length > 0) out.probability[r] = s.probability[i] as number;
    let missing = 0;
    for (const c of columns) if (Number.isNaN(c[i] as number)) missing++;
    out.missing[r] = missing;
    for (let k = 0; k < K; k++) {
      out.reasonTerm[r * K + k] = s.reasonFeature[i * K + k] as number;
      out.reasonPoints[r * K + k] = s.reasonPoints[i * K + k] as number;
    }
  }
  return out;
}

/** The input column of each term; an expression's points are computed over whole columns once (non-finite → missing). */
function inputsOf(part: CompiledLinear, frame: IndicatorFrame): Float64Array[] {
  const n = frame.rowCount;
  return part.terms.map((t) => {
    const x = frame.column(t.indicator);
    if (t.expression === undefined) return x;
    const points = t.expression.evaluate((name) => (name === "x" ? x : frame.column(name)), n);
    for (let r = 0; r < n; r++) if (!Number.isFinite(points[r] as number)) points[r] = Number.NaN;
    return points;
  });
}
