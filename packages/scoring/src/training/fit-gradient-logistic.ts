/**
 * The typed wrapper of ml-logistic-regression, the only code that touches it. It adds what the
 * library lacks: an intercept (a column of ones), labels mapped to its 0..K−1 classes, and its
 * inverted one-vs-all read back as P(y = 1). It runs a fixed number of plain gradient steps on the
 * summed gradient, with no convergence test or regularisation: use it on small data and as a
 * cross-check of {@link fitLogistic}.
 * @module
 */
/// <reference path="./ml-logistic-regression.d.ts" />
import LogisticRegression from "ml-logistic-regression";
import { Matrix } from "ml-matrix";
import type { LogisticModel } from "../model/logistic-model.js";
import { logLikelihood, predictProbability } from "../model/logistic-model.js";

/**
 * Fits P(y = 1 | x) with ml-logistic-regression.
 *
 * @param features - Feature names.
 * @param columns - One Float64Array per feature.
 * @param y - Labels 0 / 1 (both must occur).
 * @param options - `steps` (default 50,000) and `learningRate` (default 5e-4), the library's own.
 * @returns The model; `fit.converged` is false (the library cannot tell).
 * @throws {RangeError} When a label other than 0 or 1 occurs, or only one class does.
 * @example
 * fitGradientLogistic(["x"], [x], y, { steps: 20_000, learningRate: 0.01 }).coefficients //=> [1.97…]
 * @category Models
 */
export function fitGradientLogistic(
  features: readonly string[],
  columns: readonly Float64Array[],
  y: ArrayLike<number>,
  options: { readonly steps?: number; readonly learningRate?: number } = {},
): LogisticModel {
  const n = y.length;
  const labels = Array.from(y);
  if (labels.some((v) => v !== 0 && v !== 1) || new Set(labels).size !== 2) throw new RangeError("labels must be 0 and 1, both present");
  const steps = options.steps ?? 50_000;
  const learningRate = options.learningRate ?? 5e-4;
  const x = new Matrix(n, columns.length + 1);
  for (let i = 0; i < n; i++) {
    x.set(i, 0, 1);
    for (let j = 0; j < columns.length; j++) x.set(i, j + 1, columns[j]?.[i] ?? 0);
  }
  const model = new LogisticRegression({ numSteps: steps, learningRate });
  model.train(x, Matrix.columnVector(labels));
  // The classifier of class 1 is trained on "not class 1", i.e. it estimates P(y = 0) = σ(w·x): P(y = 1) = σ(−w·x).
  const weights = model.classifiers[1]?.weights.to1DArray() ?? [];
  const fitted: LogisticModel = {
    features,
    intercept: -(weights[0] ?? 0),
    coefficients: weights.slice(1).map((w) => -w),
    fit: { trainer: "ml-logistic-regression", parameters: { steps, learningRate }, iterations: steps, converged: false, logLikelihood: 0, rows: n },
  };
  return { ...fitted, fit: { ...fitted.fit, logLikelihood: logLikelihood(predictProbability(fitted, columns), y) } };
}
