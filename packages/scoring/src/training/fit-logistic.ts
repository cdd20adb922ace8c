/**
 * Logistic regression by iteratively reweighted least squares (Newton's method) over typed
 * arrays: an unpenalised intercept, L2 penalty λ/2·‖β‖² on the coefficients, stopped when no
 * parameter moves more than `tolerance`. The normal equations are (p + 1)² and solved by
 * Cholesky; each iteration computes XᵀWX and Xᵀ(y − p) column by column.
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
  /** Newton iterations at most; default 100. */
  readonly maxIterations?: number;
  /** Row weights (e.g. inverse inclusion probabilities); default 1. */
  readonly weights?: ArrayLike<number>;
}

/**
 * Fits P(y = 1 | x).
 *
 * @param features - Feature names.
 * @param columns - One Float64Array per feature (no missing values: impute or bin first).
 * @param y - Labels 0 / 1.
 * @param options - Penalty, tolerance, iterations, row weights.
 * @returns The model with its fit record.
 * @throws {RangeError} When columns differ in length or the system is singular (use a positive l2).
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
  let iterations = 0;
  let converged = false;
  let refresh = true;
  while (iterations < maxIterations && !converged) {
    iterations++;
    iterate(x, y, weights, beta, { z, residual, curvature, scaled }, gradient, refresh ? hessian : undefined, d, n);
    for (let a = 1; a < d; a++) {
      gradient[a] = (gradient[a] ?? 0) - l2 * (beta[a] ?? 0);
      if (refresh) hessian[a * d + a] = (hessian[a * d + a] ?? 0) + l2;
    }
    const step = solveSymmetric(hessian, gradient, d);
    let largest = 0;
    for (let a = 0; a < d; a++) {
      beta[a] = (beta[a] ?? 0) + (step[a] ?? 0);
      largest = Math.max(largest, Math.abs(step[a] ?? 0));
    }
    converged = largest < tolerance;
    refresh = largest > 1e-3;
  }
  const model: LogisticModel = {
    features,
    intercept: beta[0] ?? 0,
    coefficients: Array.from(beta.subarray(1)),
    fit: { trainer: "irls", parameters: { l2, tolerance, maxIterations }, iterations, converged, logLikelihood: 0, rows: n },
  };
  return { ...model, fit: { ...model.fit, logLikelihood: logLikelihood(predictProbability(model, columns), y) } };
}

/**
 * One IRLS pass: linear predictor, probabilities, gradient Xᵀ r and (when asked) the lower
 * triangle of the Hessian Xᵀ diag(p(1 − p)) X, row block by row block, so a block of every column
 * is read from memory once and stays in cache for all d(d + 1)/2 products (pairs of whole columns
 * would stream the data d(d + 1)/2 times).
 */
function iterate(
  x: readonly Float64Array[],
  y: ArrayLike<number>,
  weights: Float64Array | undefined,
  beta: Float64Array,
  work: { z: Float64Array; residual: Float64Array; curvature: Float64Array; scaled: Float64Array },
  gradient: Float64Array,
  hessian: Float64Array | undefined,
  d: number,
  n: number,
): void {
  const { z, residual, curvature: c, scaled } = work;
  gradient.fill(0);
  hessian?.fill(0);
  const BLOCK = 512;
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    z.fill(0, start, end);
    for (let a = 0; a < d; a++) {
      const b = beta[a] as number;
      const xa = x[a] as Float64Array;
      for (let i = start; i < end; i++) z[i] = (z[i] as number) + b * (xa[i] as number);
    }
    for (let i = start; i < end; i++) {
      const t = z[i] as number;
      const prob = t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
      const w = weights === undefined ? 1 : (weights[i] as number);
      residual[i] = w * ((y[i] as number) - prob);
      c[i] = w * prob * (1 - prob);
    }
    for (let a = 0; a < d; a++) {
      const xa = x[a] as Float64Array;
      let g = 0;
      for (let i = start; i < end; i++) g += (residual[i] as number) * (xa[i] as number);
      gradient[a] = (gradient[a] as number) + g;
    }
    if (hessian === undefined) continue;
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
}

/** Solves A x = b for a symmetric positive-definite A given by its lower triangle (Cholesky). */
function solveSymmetric(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j] ?? 0;
      for (let k = 0; k < j; k++) sum -= (l[i * d + k] ?? 0) * (l[j * d + k] ?? 0);
      if (i === j) {
        if (sum <= 0) throw new RangeError("the normal equations are singular: add an L2 penalty or drop constant or duplicate features");
        l[i * d + i] = Math.sqrt(sum);
      } else l[i * d + j] = sum / (l[j * d + j] ?? 1);
    }
  }
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
