/**
 * Logistic regression by iteratively reweighted least squares (Newton's method) over typed
 * arrays: an unpenalised intercept, L2 penalty λ/2·‖β‖² on the coefficients, stopped when no
 * parameter moves more than `tolerance`. The normal equations are (p + 1)² and solved by
 * Cholesky; each iteration computes XᵀWX and Xᵀ(y − p) column by column.
 * @module
 */
import type { LogisticModel } from "./logistic-model.js";
import { logLikelihood, predictProbability } from "./logistic-model.js";

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
    z.fill(0);
    for (let a = 0; a < d; a++) {
      const b = beta[a] ?? 0;
      const xa = x[a] ?? z;
      for (let i = 0; i < n; i++) z[i] = (z[i] ?? 0) + b * (xa[i] ?? 0);
    }
    for (let i = 0; i < n; i++) {
      const t = z[i] ?? 0;
      const prob = t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
      const w = weights === undefined ? 1 : (weights[i] ?? 1);
      residual[i] = w * ((y[i] ?? 0) - prob);
      curvature[i] = w * prob * (1 - prob);
    }
    for (let a = 0; a < d; a++) {
      const xa = x[a] ?? z;
      let g = 0;
      if (refresh) {
        for (let i = 0; i < n; i++) {
          const v = xa[i] ?? 0;
          g += (residual[i] ?? 0) * v;
          scaled[i] = (curvature[i] ?? 0) * v;
        }
      } else for (let i = 0; i < n; i++) g += (residual[i] ?? 0) * (xa[i] ?? 0);
      gradient[a] = g;
      if (!refresh) continue;
      for (let b = 0; b <= a; b++) {
        const xb = x[b] ?? z;
        let h = 0;
        for (let i = 0; i < n; i++) h += (scaled[i] ?? 0) * (xb[i] ?? 0);
        hessian[a * d + b] = h;
      }
    }
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
