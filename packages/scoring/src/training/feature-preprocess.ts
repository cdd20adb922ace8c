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
 * Winsorising quantiles of {@link winsorisedStandardiser}: the 1st and 99th percentiles.
 * @category Training
 */
export const WINSOR_QUANTILES = { lower: 0.01, upper: 0.99 } as const;

/**
 * The standardisation of a column on winsorised statistics: the non-missing finite values are
 * capped at their `lower` and `upper` quantiles (Hyndman & Fan type 7, linear interpolation between
 * order statistics — R's and NumPy's default), and the mean and standard deviation (population,
 * two-pass) are taken of the capped values. The caps are part of the preprocessing, so scoring caps
 * new values the same way: a 1e9 outlier moves neither the fit nor its own score beyond the
 * 99th percentile's.
 *
 * @param x - Values (NaN = missing; ±Infinity are capped like any extreme value).
 * @param quantiles - Capping quantiles (default {@link WINSOR_QUANTILES}, 1 % and 99 %).
 * @returns The preprocessing with its cap, or undefined when the capped column is constant (one value in at least 98 % of the rows) or empty.
 * @example
 * winsorisedStandardiser(Float64Array.from({ length: 100 }, (_, i) => (i === 99 ? 1e9 : i)))
 * //=> { kind: "standardise", mean: 49.5, sd: 28.57…, log: false, cap: { min: 0.99, max: 98.01 } }
 * @category Training
 */
export function winsorisedStandardiser(
  x: Float64Array,
  quantiles: { readonly lower: number; readonly upper: number } = WINSOR_QUANTILES,
): Preprocess | undefined {
  const sorted = x.filter((v) => !Number.isNaN(v)).sort();
  if (sorted.length === 0) return undefined;
  const min = quantileSorted(sorted, quantiles.lower);
  const max = quantileSorted(sorted, quantiles.upper);
  if (!(max > min)) return undefined;
  // Sums of values near 1e300 overflow: sum the capped values divided by the larger cap, then scale back.
  const scale = Math.max(Math.abs(min), Math.abs(max));
  let sum = 0;
  for (const v of sorted) sum += Math.min(max, Math.max(min, v)) / scale;
  const centre = sum / sorted.length;
  let sq = 0;
  for (const v of sorted) sq += (Math.min(max, Math.max(min, v)) / scale - centre) ** 2;
  const mean = centre * scale;
  const sd = Math.sqrt(sq / sorted.length) * scale;
  return sd > 1e-12 * Math.max(1, Math.abs(mean)) && Number.isFinite(sd) ? { kind: "standardise", mean, sd, log: false, cap: { min, max } } : undefined;
}

/** Type-7 quantile of ascending values (finite at the ends: ±Infinity are replaced by the nearest finite value). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = finite(sorted, lo);
  const b = finite(sorted, Math.min(sorted.length - 1, lo + 1));
  return a + (h - lo) * (b - a);
}

function finite(sorted: Float64Array, k: number): number {
  const v = sorted[k] as number;
  if (Number.isFinite(v)) return v;
  // An infinite order statistic: the nearest finite value towards the middle (or 0 when there is none).
  const step = v > 0 ? -1 : 1;
  for (let j = k; j >= 0 && j < sorted.length; j += step) if (Number.isFinite(sorted[j] as number)) return sorted[j] as number;
  return 0;
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
