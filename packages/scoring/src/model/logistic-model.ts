/**
 * A fitted logistic-regression model: intercept and coefficients over named features, and how it
 * was fitted. Both trainers return one.
 * @module
 */

/**
 * A logistic-regression model: P(y = 1 | x) = 1 / (1 + exp(−(intercept + Σ coefficients·x))).
 * @category Models
 */
export interface LogisticModel {
  readonly features: readonly string[];
  readonly intercept: number;
  readonly coefficients: readonly number[];
  /** How it was fitted: trainer, parameters, iterations, whether it converged, final log-likelihood. */
  readonly fit: {
    readonly trainer: "irls" | "ml-logistic-regression";
    readonly parameters: Readonly<Record<string, number>>;
    readonly iterations: number;
    readonly converged: boolean;
    readonly logLikelihood: number;
    readonly rows: number;
  };
}

/**
 * Probabilities of a model over feature columns.
 *
 * @param model - The model.
 * @param columns - One column per feature, in `model.features` order.
 * @returns P(y = 1) per row.
 * @example
 * predictProbability({ features: ["x"], intercept: 0, coefficients: [1], fit }, [new Float64Array([0])]) //=> Float64Array [0.5]
 * @category Models
 */
export function predictProbability(model: LogisticModel, columns: readonly Float64Array[]): Float64Array {
  const n = columns[0]?.length ?? 0;
  const out = new Float64Array(n).fill(model.intercept);
  model.coefficients.forEach((b, j) => {
    const x = columns[j];
    if (x === undefined) throw new RangeError(`feature ${model.features[j]} has no column`);
    for (let i = 0; i < n; i++) out[i] = (out[i] ?? 0) + b * (x[i] ?? 0);
  });
  for (let i = 0; i < n; i++) out[i] = sigmoid(out[i] ?? 0);
  return out;
}

/**
 * The logistic function, stable for large |z|.
 *
 * @param z - Log-odds.
 * @returns A probability.
 * @example
 * sigmoid(0) //=> 0.5
 * @category Models
 */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * The Bernoulli log-likelihood of probabilities against 0/1 labels (probabilities clipped at 1e-15).
 *
 * @param p - Probabilities.
 * @param y - Labels, 0 or 1.
 * @returns Σ y log p + (1 − y) log (1 − p).
 * @example
 * logLikelihood(new Float64Array([0.5]), new Uint8Array([1])) //=> -0.6931…
 * @category Models
 */
export function logLikelihood(p: Float64Array, y: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i] ?? 0));
    sum += (y[i] ?? 0) === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return sum;
}
