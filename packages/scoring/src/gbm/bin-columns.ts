/**
 * Quantile binning of feature columns for histogram boosting. Each feature gets at most `maxBins`
 * bins whose upper bounds are order statistics of its non-missing training values: the value at
 * rank ⌈k·m / maxBins⌉ (1-based, m the count of non-missing values) for k = 1 … maxBins − 1, the
 * "inverse of the empirical distribution" quantile (Hyndman & Fan type 1), duplicates and the
 * maximum dropped. A column with fewer distinct values than `maxBins` gets one bin per value. A
 * value falls in the first bin whose bound it does not exceed (the last bin has no bound); a
 * missing value (NaN) gets the code one past the last bin. Deterministic: only sorting and ranks.
 * @module
 */

/** Binned columns: thresholds per feature and a bin code per row. */
export interface BinnedColumns {
  /** Per feature, the strictly increasing bin upper bounds (bins = thresholds + 1). */
  readonly thresholds: readonly Float64Array[];
  /** Per feature, the bin code of every row; `thresholds.length + 1` for a missing value. */
  readonly codes: readonly Uint8Array[];
}

/**
 * Quantile bin bounds of one column, computed on the given rows.
 *
 * @param values - The column (NaN = missing).
 * @param rows - The rows to learn from.
 * @param maxBins - At most this many bins (2–255).
 * @returns Strictly increasing upper bounds, fewer than `maxBins`.
 * @example
 * binThresholds(new Float64Array([1, 2, 3, 4]), Int32Array.of(0, 1, 2, 3), 2) //=> Float64Array [2]
 */
export function binThresholds(values: Float64Array, rows: Int32Array, maxBins: number): Float64Array {
  const present = new Float64Array(rows.length);
  let m = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i] as number] as number;
    if (!Number.isNaN(v)) present[m++] = v;
  }
  const sorted = present.subarray(0, m).sort();
  if (m === 0) return new Float64Array(0);
  const distinct: number[] = [];
  for (let i = 0; i < m; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i] as number);
  const max = sorted[m - 1] as number;
  if (distinct.length <= maxBins) return Float64Array.from(distinct.slice(0, -1));
  const bounds: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    const v = sorted[Math.max(0, Math.ceil((k * m) / maxBins) - 1)] as number;
    if (v !== max && (bounds.length === 0 || v > (bounds[bounds.length - 1] as number))) bounds.push(v);
  }
  return Float64Array.from(bounds);
}

/**
 * The bin code of every row of a column under given bounds (binary search).
 *
 * @param values - The column (NaN = missing).
 * @param thresholds - Bounds from {@link binThresholds}.
 * @returns One code per row; `thresholds.length + 1` for NaN.
 * @example
 * binCodes(new Float64Array([0, 5, Number.NaN]), Float64Array.of(2)) //=> Uint8Array [0, 1, 2]
 */
export function binCodes(values: Float64Array, thresholds: Float64Array): Uint8Array {
  const codes = new Uint8Array(values.length);
  const t = thresholds.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) {
      codes[i] = t + 1;
      continue;
    }
    let lo = 0;
    let hi = t;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (v <= (thresholds[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    codes[i] = lo;
  }
  return codes;
}

/**
 * Bins every column: bounds learned on `rows`, codes for all rows.
 *
 * @param columns - One column per feature.
 * @param rows - The rows to learn the bounds from (the training fold).
 * @param maxBins - At most this many bins per feature (2–255).
 * @returns Thresholds and codes per feature.
 * @example
 * binColumns([new Float64Array([1, 2, 3])], Int32Array.of(0, 1, 2), 255).codes[0] //=> Uint8Array [0, 1, 2]
 */
export function binColumns(columns: readonly Float64Array[], rows: Int32Array, maxBins: number): BinnedColumns {
  const thresholds = columns.map((c) => binThresholds(c, rows, maxBins));
  return { thresholds, codes: columns.map((c, f) => binCodes(c, thresholds[f] as Float64Array)) };
}
