/**
 * Scores rows with a compiled model, block by block: each term writes its points for a block of
 * rows into a small buffer (cache-resident), the block's sums and its top reasons are taken from
 * the buffers, then the next block. No per-row objects, no per-indicator full-length arrays.
 * @module
 */
import type { IndicatorFrame } from "@creditclass/core";
import type { CompiledLinear, CompiledModel } from "./compile-model.js";
import { sigmoid } from "./logistic-model.js";

const BLOCK = 2048;

/**
 * Scores and reasons, one entry per frame row (rows a model did not score keep their initial values).
 * @category Scoring
 */
export interface ScoreColumns {
  readonly count: number;
  /** The published score: scorecard points (scaled if the model says so); for a logistic model its PDO score or else the probability; for a hybrid the blended risk. */
  readonly score: Float64Array;
  /** P(adverse outcome) when the model has a logistic part, else NaN. */
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
 * Allocates result columns for `count` rows.
 *
 * @param count - Rows.
 * @param reasonCount - Reasons per row (default 3).
 * @returns Empty columns (NaN scores, no reasons).
 * @example
 * emptyScoreColumns(2).score //=> Float64Array [NaN, NaN]
 * @category Scoring
 */
export function emptyScoreColumns(count: number, reasonCount = 3): ScoreColumns {
  return {
    count,
    score: new Float64Array(count).fill(Number.NaN),
    probability: new Float64Array(count).fill(Number.NaN),
    risk: new Float64Array(count).fill(Number.NaN),
    reasonCount,
    reasonTerm: new Int16Array(count * reasonCount).fill(-1),
    reasonPoints: new Float32Array(count * reasonCount),
    missing: new Uint16Array(count),
  };
}

/**
 * Scores rows of a frame with a compiled model into `out`.
 *
 * @param compiled - From {@link compileModel}.
 * @param frame - The indicator frame (a view is materialised once).
 * @param out - Result columns as long as the frame.
 * @param rows - Row indices to score (ascending or not); all rows when absent.
 * @returns `out`.
 * @example
 * const out = scoreModel(compileModel(model, frame.columnNames), frame, emptyScoreColumns(frame.rowCount));
 * out.score[0] //=> 87.5
 * @category Scoring
 */
export function scoreModel(compiled: CompiledModel, frame: IndicatorFrame, out: ScoreColumns, rows?: Int32Array): ScoreColumns {
  const base = frame.isView ? frame.materialize() : frame;
  const n = rows === undefined ? base.rowCount : rows.length;
  const { model, scorecard, logistic } = compiled;
  const sc = scorecard === undefined ? undefined : prepare(scorecard, base);
  const lg = logistic === undefined ? undefined : prepare(logistic, base);
  // Published scale and reason factor per part.
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
  const scRange = scorecard === undefined ? 1 : scorecard.range[1] - scorecard.range[0];
  // Reasons come from the scorecard part when there is one, else from the logistic part.
  const reasonPart = sc ?? lg;
  const reasonFactor = model.kind === "creditclass.hybrid" ? (1 - blend) / scRange : sc !== undefined ? scFactor : pdoFactor;
  const K = out.reasonCount;
  const topLoss = new Float64Array(K);
  const topTerm = new Int16Array(K);
  const coefA = reasonPart === undefined ? new Float64Array(0) : new Float64Array(reasonPart.terms.map((t) => t.riskSign * t.weight * reasonFactor));
  const coefC = reasonPart === undefined ? new Float64Array(0) : new Float64Array(reasonPart.terms.map((t, k) => -(coefA[k] as number) * t.reference));
  const { score, probability, risk, reasonTerm, reasonPoints, missing } = out;
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    const len = end - start;
    if (sc !== undefined) block(sc, rows, start, end);
    if (lg !== undefined) block(lg, rows, start, end);
    for (let j = 0; j < len; j++) {
      const r = rows === undefined ? start + j : (rows[start + j] as number);
      let p = Number.NaN;
      if (lg !== undefined) p = sigmoid(lg.sum[j] as number);
      if (model.kind === "creditclass.scorecard") {
        const s = scOffset + scFactor * (sc?.sum[j] as number);
        score[r] = s;
        risk[r] = -s;
      } else if (model.kind === "creditclass.logistic-model") {
        score[r] = pdo === undefined ? p : pdo.basePoints + pdoFactor * (-(lg?.sum[j] as number) - Math.log(pdo.baseOdds));
        risk[r] = p;
      } else {
        const sn = ((sc?.sum[j] as number) - (scorecard?.range[0] as number)) / scRange;
        const v = blend * p + (1 - blend) * (1 - sn);
        score[r] = v;
        risk[r] = v;
      }
      probability[r] = p;
      missing[r] = (sc?.missing[j] ?? 0) + (lg?.missing[j] ?? 0);
      if (reasonPart === undefined || K === 0) continue;
      topLoss.fill(0);
      topTerm.fill(-1);
      const T = reasonPart.terms.length;
      for (let t = 0; t < T; t++) {
        const loss = (coefA[t] as number) * ((reasonPart.buffers[t] as Float64Array)[j] as number) + (coefC[t] as number);
        if (loss <= (topLoss[K - 1] as number)) continue;
        let k = K - 1;
        while (k > 0 && loss > (topLoss[k - 1] as number)) {
          topLoss[k] = topLoss[k - 1] as number;
          topTerm[k] = topTerm[k - 1] as number;
          k--;
        }
        topLoss[k] = loss;
        topTerm[k] = t;
      }
      const o = r * K;
      for (let k = 0; k < K; k++) {
        reasonTerm[o + k] = topTerm[k] as number;
        reasonPoints[o + k] = topLoss[k] as number;
      }
    }
  }
  return out;
}

interface PreparedPart {
  readonly base: number;
  readonly terms: CompiledLinear["terms"];
  readonly inputs: readonly Float64Array[];
  readonly buffers: readonly Float64Array[];
  readonly sum: Float64Array;
  readonly missing: Uint16Array;
}

function prepare(part: CompiledLinear, frame: IndicatorFrame): PreparedPart {
  const n = frame.rowCount;
  const inputs = part.terms.map((t) => {
    const x = frame.column(t.indicator);
    // An expression's points are computed over whole columns once; the kernel reads them as its input.
    return t.expression === undefined ? x : t.expression.evaluate((name) => (name === "x" ? x : frame.column(name)), n);
  });
  return {
    base: part.base,
    terms: part.terms,
    inputs,
    buffers: part.terms.map(() => new Float64Array(BLOCK)),
    sum: new Float64Array(BLOCK),
    missing: new Uint16Array(BLOCK),
  };
}

function block(part: PreparedPart, rows: Int32Array | undefined, start: number, end: number): void {
  const len = end - start;
  const { sum, missing } = part;
  sum.fill(part.base, 0, len);
  missing.fill(0, 0, len);
  for (let t = 0; t < part.terms.length; t++) {
    const term = part.terms[t];
    const x = part.inputs[t] as Float64Array;
    const buf = part.buffers[t] as Float64Array;
    if (term === undefined) continue;
    term.kernel(x, rows, start, end, buf);
    const w = term.weight;
    for (let j = 0; j < len; j++) sum[j] = (sum[j] as number) + w * (buf[j] as number);
    for (let j = 0; j < len; j++) {
      const v = x[rows === undefined ? start + j : (rows[start + j] as number)] as number;
      if (Number.isNaN(v)) missing[j] = (missing[j] as number) + 1;
    }
  }
}
