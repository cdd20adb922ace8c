/**
 * Feature preprocessing shared by the trainers: standardisation fitted from a column, and any
 * logistic preprocessing (standardise or WoE) applied through the scoring engine's own loop.
 * @module
 */
import { compileModel } from "../engine/compile-model.js";
import { compileLinearLoop } from "../engine/linear-loop.js";
import type { LogisticModelDocument } from "../model/model-schema.js";
import { logisticModelSchema } from "../model/model-schema.js";

/**
 * A logistic feature's preprocessing.
 * @category Training
 */
export type Preprocess = LogisticModelDocument["features"][number]["preprocess"];

/**
 * The standardisation of a column (mean and standard deviation of the non-missing values, after
 * `log1p` when asked).
 *
 * @param x - Values (NaN = missing).
 * @param log - Take `log1p(max(x, 0))` first.
 * @returns The preprocessing, or undefined for a constant or empty column.
 * @example
 * standardiser(new Float64Array([1, 2, 3]), false) //=> { kind: "standardise", mean: 2, sd: 0.816…, log: false }
 * @category Training
 */
export function standardiser(x: Float64Array, log: boolean): Preprocess | undefined {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (const raw of x) {
    if (Number.isNaN(raw)) continue;
    const v = log ? Math.log1p(Math.max(raw, 0)) : raw;
    n++;
    sum += v;
    sq += v * v;
  }
  if (n === 0) return undefined;
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, sq / n - mean * mean));
  return sd > 1e-12 ? { kind: "standardise", mean, sd, log } : undefined;
}

/**
 * A preprocessing as a column transform, run through the model's own compiled loop (coefficient
 * 1, intercept 0), so training sees exactly what scoring computes.
 *
 * @param name - The feature.
 * @param pre - Its preprocessing.
 * @returns The transform (missing values as the model treats them).
 * @example
 * transformColumn("x", { kind: "standardise", mean: 2, sd: 1, log: false })(new Float64Array([3])) //=> Float64Array [1]
 * @category Training
 */
export function transformColumn(name: string, pre: Preprocess): (x: Float64Array) => Float64Array {
  const doc = logisticModelSchema.parse({
    kind: "creditclass.logistic-model",
    version: 1,
    id: "preprocess",
    name: { zh: "预处理", en: "preprocess" },
    intercept: 0,
    features: [{ indicator: name, coefficient: 1, preprocess: pre }],
    classes: { method: "proportions", A: 1, B: 0, C: 0, D: 0 },
  });
  const part = compileModel(doc, [name]).logistic;
  if (part === undefined) throw new RangeError(`no logistic part for ${name}`);
  const loop = compileLinearLoop(part, { count: 0, factor: 1 });
  return (x) => {
    const out = new Float64Array(x.length);
    loop([x], undefined, 0, x.length, out, new Uint16Array(x.length), new Int16Array(0), new Float32Array(0), new Float64Array(0));
    return out;
  };
}
