/**
 * Logistic regression by iteratively reweighted least squares (Newton's method) over typed
 * arrays: an unpenalised intercept, L2 penalty λ/2·‖β‖² on the coefficients, stopped when no
 * parameter moves more than `tolerance`. The normal equations are (p + 1)² and solved by
 * Cholesky; each iteration computes XᵀWX and Xᵀ(y − p) column by column.
 *
 * Robustness: a full Newton step can overshoot on heavy-tailed inputs (every probability then
 * saturates at 0 or 1 and the curvature vanishes), so a step that raises the penalised negative
 * log-likelihood is halved until it does not (step halving, as in R's `glm.fit`). When the
 * factorisation still breaks down numerically, a small ridge is added to the whole diagonal
 * (intercept included), 1e-10 × the mean diagonal and ×100 until it factors; the largest ridge
 * used and the number of halvings are recorded in the fit's parameters. Non-convergence is
 * reported (`fit.converged`), never thrown.
 *
 * Large n: building XᵀWX costs d(d + 1)/2 products per row, against 2d for the gradient, so with
 * 32 features the Hessian is ~90 % of an iteration. Above 4 × `hessianRows` rows the Hessian is
 * built from a systematic sample of row blocks (every k-th block of 512 rows, scaled by the ratio
 * of rows) while the gradient and the objective stay exact: the step is a Newton step with an
 * approximate curvature (a sub-sampled Newton method, Byrd, Chin, Neveitt & Nocedal, SIAM J. Optim.
 * 21(3), 2011), so the fixed point — gradient zero — and the stopping rule are the same as the
 * full method's, only the rate near the optimum goes from quadratic to fast linear. Below that
 * size nothing changes: every row builds the Hessian.
 * @module
 */
import type { LogisticModel } from "../model/logistic-model.js";
import { logLikelihood, predictProbability } from "../model/logistic-model.js";

/**
 * Options of {@link fitLogistic}.
 * @category Models
 */
export interface FitLogisticOptions {
  /** L2 penalty λ on the coefficients (not the intercept); default 1 (scikit-learn's C = 1/λ). */
  readonly l2?: number;
  /** Stop when every parameter changes by less than this; default 1e-8. */
  readonly tolerance?: number;
  /** Newton iterations at most (step halvings count); default 100. */
  readonly maxIterations?: number;
  /** Row weights (e.g. inverse inclusion probabilities); default 1. */
  readonly weights?: ArrayLike<number>;
  /**
   * What a system that does not factor does: `ridge` adds a growing ridge to the diagonal and goes
   * on (recorded as `parameters.ridge`); `throw` throws. Default `ridge` when `l2 > 0` (the system
   * is then positive definite and only rounding can break it), `throw` when `l2 = 0` (a singular
   * unpenalised system means constant or duplicate features).
   */
  readonly singular?: "ridge" | "throw";
  /**
   * Above 4 × this many rows, the Hessian is built from a systematic sample of about this many rows
   * (recorded as `parameters.hessianRows`); default 65,536. `Infinity` always uses every row.
   */
  readonly hessianRows?: number;
}

/**
 * Fits P(y = 1 | x).
 *
 * @param features - Feature names.
 * @param columns - One Float64Array per feature (no missing values: impute or bin first).
 * @param y - Labels 0 / 1.
 * @param options - Penalty, tolerance, iterations, row weights, what to do with a singular system.
 * @returns The model with its fit record (`converged: false` when it stopped on `maxIterations` or could not improve).
 * @throws {RangeError} When columns differ in length, or the system is singular and `singular` is `throw` (use a positive l2).
 * @example
 * const m = fitLogistic(["x"], [x], y, { l2: 1 }); m.fit.converged //=> true
 * @category Models
 */
export function fitLogistic(
  features: readonly string[],
  columns: readonly Float64Array[],
  y: ArrayLike<number>,
  options: FitLogisticOptions = {},
): LogisticModel {
  const n = y.length;
  const p = columns.length;
  for (const c of columns) if (c.length !== n) throw new RangeError(`a column has ${c.length} rows, the labels ${n}`);
  const l2 = options.l2 ?? 1;
  const tolerance = options.tolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 100;
  const singular = options.singular ?? (l2 > 0 ? "ridge" : "throw");
  const hessianRows = options.hessianRows ?? 65_536;
  // Every `every`-th block of rows builds the Hessian (1: all of them).
  const every = n > 4 * hessianRows ? Math.floor(n / BLOCK / Math.max(1, Math.ceil(hessianRows / BLOCK))) : 1;
  const d = p + 1;
  // Column-major with the intercept as a column of ones: every sum below is a tight loop over
  // one or two arrays, which is where the time goes (d² dot products of length n per iteration).
  const x = [new Float64Array(n).fill(1), ...columns];
  const weights = options.weights === undefined ? undefined : Float64Array.from(options.weights);
  const beta = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  const gradient = new Float64Array(d);
  const z = new Float64Array(n);
  const residual = new Float64Array(n);
  const curvature = new Float64Array(n);
  const scaled = new Float64Array(n);
  // Start from the base rate, and keep the Hessian once the steps are small: near the optimum it
  // hardly changes, and rebuilding it (d² dot products) is most of an iteration's cost.
  let positive = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : (weights[i] ?? 1);
    positive += w * (y[i] ?? 0);
    total += w;
  }
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, total === 0 ? 0.5 : positive / total));
  beta[0] = Math.log(rate / (1 - rate));
  // The last accepted point, its objective, and the step taken from it (halved while it overshoots).
  const accepted = Float64Array.from(beta);
  let best = Number.POSITIVE_INFINITY;
  let step: Float64Array = new Float64Array(d);
  let halvings = 0;
  let inARow = 0;
  let ridge = 0;
  let iterations = 0;
  let converged = false;
  let refresh = true;
  while (iterations < maxIterations && !converged) {
    iterations++;
    let objective = iterate(x, y, weights, beta, { z, residual, curvature, scaled }, gradient, refresh ? { hessian, every } : undefined, d, n);
    for (let a = 1; a < d; a++) objective += (l2 / 2) * (beta[a] ?? 0) ** 2;
    // Rounding near the optimum may raise the objective by an ulp or so: that is not an overshoot.
    if (!(objective <= best + 1e-12 * Math.abs(best))) {
      if (inARow >= 50) break;
      for (let a = 0; a < d; a++) {
        step[a] = (step[a] ?? 0) / 2;
        beta[a] = (accepted[a] ?? 0) + (step[a] ?? 0);
      }
      halvings++;
      inARow++;
      refresh = true;
      continue;
    }
    inARow = 0;
    best = objective;
    accepted.set(beta);
    for (let a = 1; a < d; a++) {
      gradient[a] = (gradient[a] ?? 0) - l2 * (beta[a] ?? 0);
      if (refresh) hessian[a * d + a] = (hessian[a * d + a] ?? 0) + l2;
    }
    const solved = solveSymmetric(hessian, gradient, d, singular);
    ridge = Math.max(ridge, solved.ridge);
    step = solved.x;
    let largest = 0;
    for (let a = 0; a < d; a++) {
      beta[a] = (beta[a] ?? 0) + (step[a] ?? 0);
      largest = Math.max(largest, Math.abs(step[a] ?? 0));
    }
    converged = largest < tolerance;
    refresh = largest > 1e-3;
  }
  // Stopped without converging: return the best point evaluated, not an untried step from it.
  if (!converged) beta.set(accepted);
  const parameters = {
    l2,
    tolerance,
    maxIterations,
    ...(ridge > 0 ? { ridge } : {}),
    ...(halvings > 0 ? { halvings } : {}),
    ...(every > 1 ? { hessianRows: sampledRows(n, every) } : {}),
  };
  const model: LogisticModel = {
    features,
    intercept: beta[0] ?? 0,
    coefficients: Array.from(beta.subarray(1)),
    fit: { trainer: "irls", parameters, iterations, converged, logLikelihood: 0, rows: n },
  };
  return { ...model, fit: { ...model.fit, logLikelihood: logLikelihood(predictProbability(model, columns), y) } };
}

/** Rows per block of {@link iterate}: a block of every column stays in cache. */
const BLOCK = 512;

/** The rows of the blocks `0, every, 2·every, …` of n rows. */
function sampledRows(n: number, every: number): number {
  let rows = 0;
  for (let start = 0; start < n; start += every * BLOCK) rows += Math.min(BLOCK, n - start);
  return rows;
}

/**
 * One IRLS pass: linear predictor, probabilities, the weighted negative log-likelihood (returned),
 * gradient Xᵀ r and (when asked) the lower
 * triangle of the Hessian Xᵀ diag(p(1 − p)) X, row block by row block, so a block of every column
 * is read from memory once and stays in cache for all d(d + 1)/2 products (pairs of whole columns
 * would stream the data d(d + 1)/2 times). With `every` > 1 the Hessian sums every `every`-th
 * block and is scaled by n over the rows it summed.
 */
function iterate(
  x: readonly Float64Array[],
  y: ArrayLike<number>,
  weights: Float64Array | undefined,
  beta: Float64Array,
  work: { z: Float64Array; residual: Float64Array; curvature: Float64Array; scaled: Float64Array },
  gradient: Float64Array,
  curvature: { hessian: Float64Array; every: number } | undefined,
  d: number,
  n: number,
): number {
  const { z, residual, curvature: c, scaled } = work;
  const hessian = curvature?.hessian;
  const every = curvature?.every ?? 1;
  let loss = 0;
  gradient.fill(0);
  hessian?.fill(0);
  for (let start = 0, block = 0; start < n; start += BLOCK, block++) {
    const end = Math.min(n, start + BLOCK);
    // Four columns at a time (z[i] read and written once per four), adding in the same order as one at a time.
    z.fill(0, start, end);
    let a = 0;
    for (; a + 4 <= d; a += 4) {
      const [b0, b1, b2, b3] = [beta[a] as number, beta[a + 1] as number, beta[a + 2] as number, beta[a + 3] as number];
      const [x0, x1, x2, x3] = [x[a] as Float64Array, x[a + 1] as Float64Array, x[a + 2] as Float64Array, x[a + 3] as Float64Array];
      for (let i = start; i < end; i++)
        z[i] = (z[i] as number) + b0 * (x0[i] as number) + b1 * (x1[i] as number) + b2 * (x2[i] as number) + b3 * (x3[i] as number);
    }
    for (; a < d; a++) {
      const b = beta[a] as number;
      const xa = x[a] as Float64Array;
      for (let i = start; i < end; i++) z[i] = (z[i] as number) + b * (xa[i] as number);
    }
    for (let i = start; i < end; i++) {
      const t = z[i] as number;
      // e = exp(−|t|) ≤ 1, so neither the probability nor log(1 + eᵗ) = max(t, 0) + log1p(e) overflows.
      const e = Math.exp(-Math.abs(t));
      const prob = t >= 0 ? 1 / (1 + e) : e / (1 + e);
      const w = weights === undefined ? 1 : (weights[i] as number);
      loss += w * (Math.max(t, 0) + Math.log1p(e) - (y[i] as number) * t);
      residual[i] = w * ((y[i] as number) - prob);
      c[i] = w * prob * (1 - prob);
    }
    for (a = 0; a + 4 <= d; a += 4) {
      const [x0, x1, x2, x3] = [x[a] as Float64Array, x[a + 1] as Float64Array, x[a + 2] as Float64Array, x[a + 3] as Float64Array];
      let g0 = 0;
      let g1 = 0;
      let g2 = 0;
      let g3 = 0;
      for (let i = start; i < end; i++) {
        const r = residual[i] as number;
        g0 += r * (x0[i] as number);
        g1 += r * (x1[i] as number);
        g2 += r * (x2[i] as number);
        g3 += r * (x3[i] as number);
      }
      gradient[a] = (gradient[a] as number) + g0;
      gradient[a + 1] = (gradient[a + 1] as number) + g1;
      gradient[a + 2] = (gradient[a + 2] as number) + g2;
      gradient[a + 3] = (gradient[a + 3] as number) + g3;
    }
    for (; a < d; a++) {
      const xa = x[a] as Float64Array;
      let g = 0;
      for (let i = start; i < end; i++) g += (residual[i] as number) * (xa[i] as number);
      gradient[a] = (gradient[a] as number) + g;
    }
    if (hessian === undefined || block % every !== 0) continue;
    for (let a = 0; a < d; a++) {
      const xa = x[a] as Float64Array;
      for (let i = start; i < end; i++) scaled[i] = (c[i] as number) * (xa[i] as number);
      // Four columns at a time: each scaled value is loaded once for four products.
      let b = 0;
      for (; b + 3 <= a; b += 4) {
        const x0 = x[b] as Float64Array;
        const x1 = x[b + 1] as Float64Array;
        const x2 = x[b + 2] as Float64Array;
        const x3 = x[b + 3] as Float64Array;
        let h0 = 0;
        let h1 = 0;
        let h2 = 0;
        let h3 = 0;
        for (let i = start; i < end; i++) {
          const v = scaled[i] as number;
          h0 += v * (x0[i] as number);
          h1 += v * (x1[i] as number);
          h2 += v * (x2[i] as number);
          h3 += v * (x3[i] as number);
        }
        const o = a * d + b;
        hessian[o] = (hessian[o] as number) + h0;
        hessian[o + 1] = (hessian[o + 1] as number) + h1;
        hessian[o + 2] = (hessian[o + 2] as number) + h2;
        hessian[o + 3] = (hessian[o + 3] as number) + h3;
      }
      for (; b <= a; b++) {
        const xb = x[b] as Float64Array;
        let h = 0;
        for (let i = start; i < end; i++) h += (scaled[i] as number) * (xb[i] as number);
        hessian[a * d + b] = (hessian[a * d + b] as number) + h;
      }
    }
  }
  if (hessian !== undefined && every > 1) {
    const scale = n / sampledRows(n, every);
    for (let k = 0; k < hessian.length; k++) hessian[k] = (hessian[k] as number) * scale;
  }
  return loss;
}

/**
 * Solves A x = b for a symmetric positive-definite A given by its lower triangle (Cholesky). A
 * pivot that is not clearly positive (≤ 1e-12 of its diagonal entry, or NaN) means the matrix is
 * numerically singular: then either throw, or retry with a ridge δ·I, δ = 1e-10 × the mean
 * diagonal (at least 1e-10), ×100 each time.
 */
function solveSymmetric(a: Float64Array, b: Float64Array, d: number, singular: "ridge" | "throw"): { x: Float64Array; ridge: number } {
  let mean = 0;
  for (let i = 0; i < d; i++) mean += Math.abs(a[i * d + i] ?? 0) / d;
  const base = 1e-10 * (Number.isFinite(mean) && mean > 1 ? mean : 1);
  for (let attempt = 0, ridge = 0; ; attempt++, ridge = base * 100 ** (attempt - 1)) {
    const l = cholesky(a, d, ridge);
    if (l !== undefined) return { x: substitute(l, b, d), ridge };
    if (singular === "throw") throw new RangeError("the normal equations are singular: add an L2 penalty or drop constant or duplicate features");
    // 1e-10 × 100¹⁰ = 1e10 × the mean diagonal dominates any finite matrix; past that the input is not finite.
    if (attempt > 10) throw new RangeError("the normal equations are not finite: a feature column holds an infinite value");
  }
}

/** The lower Cholesky factor of A + ridge·I, or undefined when a pivot is not clearly positive. */
function cholesky(a: Float64Array, d: number, ridge: number): Float64Array | undefined {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = (a[i * d + j] ?? 0) + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) sum -= (l[i * d + k] ?? 0) * (l[j * d + k] ?? 0);
      if (i === j) {
        if (!(sum > 1e-12 * ((a[i * d + i] ?? 0) + ridge))) return undefined;
        l[i * d + i] = Math.sqrt(sum);
      } else l[i * d + j] = sum / (l[j * d + j] ?? 1);
    }
  }
  return l;
}

/** Forward and back substitution with a Cholesky factor. */
function substitute(l: Float64Array, b: Float64Array, d: number): Float64Array {
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = b[i] ?? 0;
    for (let k = 0; k < i; k++) sum -= (l[i * d + k] ?? 0) * (z[k] ?? 0);
    z[i] = sum / (l[i * d + i] ?? 1);
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = z[i] ?? 0;
    for (let k = i + 1; k < d; k++) sum -= (l[k * d + i] ?? 0) * (x[k] ?? 0);
    x[i] = sum / (l[i * d + i] ?? 1);
  }
  return x;
}
