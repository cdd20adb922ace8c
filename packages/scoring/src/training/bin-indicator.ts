/**
 * Supervised binning of one indicator against a 0/1 adverse label, for scorecard bins and
 * weight of evidence: fine bins at quantiles of the distinct values, then adjacent bins merged
 * until the adverse rate is monotonic (pool-adjacent-violators, in the stated or the better
 * fitting direction) and every bin holds a minimum share of the rows and of the adverse cases.
 * Extreme values fall into the end bins, so outliers cannot dominate. Missing values and stated special
 * values get bins of their own, never mixed into a numeric bin.
 *
 * WoE = ln(share of adverse / share of non-adverse), with 0.5 added to each count so empty
 * cells stay finite (positive WoE = riskier than average; the Siddiqi convention with the sign
 * flipped so larger means riskier, matching a positive logistic coefficient).
 * IV = Σ (share adverse − share non-adverse) × WoE.
 * @module
 */

/**
 * Options of {@link binIndicator}.
 * @category Binning
 */
export interface BinOptions {
  /** Fine bins before merging (default 20). */
  readonly fineBins?: number;
  /** Smallest share of the non-missing, non-special rows a bin may hold (default 0.05). */
  readonly minShare?: number;
  /** Smallest share of those rows' adverse cases a bin may hold (default 0: no minimum). */
  readonly minAdverseShare?: number;
  /** Adverse-rate direction across bins: `auto` (default) picks the one with the higher IV. */
  readonly monotone?: "increasing" | "decreasing" | "auto" | "none";
  /** Values binned on their own (sentinel codes such as −1 or 9999). */
  readonly specialValues?: readonly number[];
  /** Row weights (e.g. inverse inclusion probabilities); default 1. */
  readonly weights?: ArrayLike<number>;
}

/**
 * One bin: `[min, max]` bounds with closedness as in a model's bins, or a special value, or missing.
 * @category Binning
 */
export interface IndicatorBin {
  readonly kind: "numeric" | "special" | "missing";
  readonly min?: number;
  readonly max?: number;
  readonly minClosed: boolean;
  readonly maxClosed: boolean;
  /** The special value, for `special` bins. */
  readonly value?: number;
  readonly count: number;
  readonly adverse: number;
  readonly adverseRate: number;
  readonly woe: number;
  readonly iv: number;
}

/**
 * The binning of an indicator.
 * @category Binning
 */
export interface IndicatorBinning {
  readonly indicator: string;
  /** Numeric bins in order (they tile the number line), then special values, then missing. */
  readonly bins: readonly IndicatorBin[];
  readonly iv: number;
  /** Direction of the adverse rate over numeric bins. */
  readonly direction: "increasing" | "decreasing" | "none";
}

/**
 * Bins an indicator against a label.
 *
 * @param indicator - Its name (for the result).
 * @param x - Values (NaN = missing).
 * @param y - 1 = adverse outcome.
 * @param options - Fine bins, minimum share, monotonic constraint, special values, weights.
 * @returns Bins with counts, adverse rates, WoE and IV.
 * @example
 * const b = binIndicator("penalties_12m", x, y, { monotone: "increasing" });
 * b.bins.map((k) => k.adverseRate) //=> [0.08, 0.21, 0.37, 0.31 (missing)]
 * @category Binning
 */
export function binIndicator(indicator: string, x: Float64Array, y: ArrayLike<number>, options: BinOptions = {}): IndicatorBinning {
  const n = x.length;
  const w = options.weights;
  const specials = [...new Set(options.specialValues ?? [])];
  const weightOf = (i: number): number => (w === undefined ? 1 : (w[i] as number));
  let totalBad = 0;
  let totalGood = 0;
  for (let i = 0; i < n; i++) {
    const wi = weightOf(i);
    if ((y[i] as number) === 1) totalBad += wi;
    else totalGood += wi;
  }
  // Numeric rows sorted by value.
  const order: number[] = [];
  const specialCounts = specials.map(() => ({ count: 0, adverse: 0 }));
  const missing = { count: 0, adverse: 0 };
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    const bad = (y[i] as number) === 1 ? weightOf(i) : 0;
    if (Number.isNaN(v)) {
      missing.count += weightOf(i);
      missing.adverse += bad;
      continue;
    }
    const s = specials.indexOf(v);
    if (s >= 0) {
      const c = specialCounts[s] as { count: number; adverse: number };
      c.count += weightOf(i);
      c.adverse += bad;
      continue;
    }
    order.push(i);
  }
  order.sort((a, b) => (x[a] as number) - (x[b] as number));
  // Fine bins: groups of distinct values, cut near quantiles.
  type Group = { lo: number; hi: number; count: number; adverse: number };
  const target = Math.max(1, Math.floor(order.length / (options.fineBins ?? 20)));
  const groups: Group[] = [];
  let k = 0;
  while (k < order.length) {
    const lo = x[order[k] as number] as number;
    const g: Group = { lo, hi: lo, count: 0, adverse: 0 };
    let rows = 0;
    while (k < order.length && (rows < target || x[order[k] as number] === g.hi)) {
      const i = order[k] as number;
      g.hi = x[i] as number;
      g.count += weightOf(i);
      g.adverse += (y[i] as number) === 1 ? weightOf(i) : 0;
      rows++;
      k++;
    }
    groups.push(g);
  }
  const rate = (g: Group): number => g.adverse / Math.max(g.count, 1e-12);
  const merge = (a: Group, b: Group): Group => ({ lo: a.lo, hi: b.hi, count: a.count + b.count, adverse: a.adverse + b.adverse });
  const pava = (input: Group[], increasing: boolean): Group[] => {
    const out: Group[] = [];
    for (const g of input) {
      out.push(g);
      while (out.length > 1) {
        const last = out[out.length - 1] as Group;
        const prev = out[out.length - 2] as Group;
        const violates = increasing ? rate(prev) > rate(last) : rate(prev) < rate(last);
        if (!violates) break;
        out.splice(out.length - 2, 2, merge(prev, last));
      }
    }
    return out;
  };
  const numericTotal = groups.reduce((s, g) => s + g.count, 0);
  const minCount = (options.minShare ?? 0.05) * numericTotal;
  const minAdverse = (options.minAdverseShare ?? 0) * groups.reduce((s, g) => s + g.adverse, 0);
  const tooSmall = (g: Group): boolean => g.count < minCount || g.adverse < minAdverse;
  const enforceMinimum = (input: Group[]): Group[] => {
    const out = [...input];
    for (;;) {
      let smallest = -1;
      for (let j = 0; j < out.length; j++)
        if (tooSmall(out[j] as Group) && (smallest < 0 || (out[j] as Group).count < (out[smallest] as Group).count)) smallest = j;
      if (smallest < 0 || out.length === 1) return out;
      // Merge with the neighbour whose adverse rate is closer (keeps monotonicity: merging adjacent bins of a monotone sequence stays monotone).
      const left = out[smallest - 1];
      const right = out[smallest + 1];
      const me = out[smallest] as Group;
      const useLeft = right === undefined || (left !== undefined && Math.abs(rate(left) - rate(me)) <= Math.abs(rate(right) - rate(me)));
      if (useLeft && left !== undefined) out.splice(smallest - 1, 2, merge(left, me));
      else if (right !== undefined) out.splice(smallest, 2, merge(me, right));
    }
  };
  const woeOf = (count: number, adverse: number): number => Math.log((adverse + 0.5) / (totalBad + 0.5) / ((count - adverse + 0.5) / (totalGood + 0.5)));
  const ivOf = (count: number, adverse: number): number =>
    ((adverse + 0.5) / (totalBad + 0.5) - (count - adverse + 0.5) / (totalGood + 0.5)) * woeOf(count, adverse);
  const ivSum = (gs: Group[]): number => gs.reduce((s, g) => s + ivOf(g.count, g.adverse), 0);
  const mode = options.monotone ?? "auto";
  let final: Group[];
  let direction: IndicatorBinning["direction"];
  if (mode === "none") {
    final = enforceMinimum(groups);
    direction = "none";
  } else if (mode === "auto") {
    const inc = enforceMinimum(pava(groups, true));
    const dec = enforceMinimum(pava(groups, false));
    [final, direction] = ivSum(inc) >= ivSum(dec) ? [inc, "increasing"] : [dec, "decreasing"];
  } else {
    final = enforceMinimum(pava(groups, mode === "increasing"));
    direction = mode;
  }
  const bins: IndicatorBin[] = final.map((g, j) => {
    const next = final[j + 1];
    return {
      kind: "numeric",
      // Bounds at the observed values: bin j holds (max of bin j−1, max of bin j].
      ...(j === 0 ? {} : { min: (final[j - 1] as Group).hi }),
      ...(next === undefined ? {} : { max: g.hi }),
      minClosed: j === 0,
      maxClosed: next !== undefined,
      count: g.count,
      adverse: g.adverse,
      adverseRate: rate(g),
      woe: woeOf(g.count, g.adverse),
      iv: ivOf(g.count, g.adverse),
    };
  });
  if (bins.length === 0) bins.push({ kind: "numeric", minClosed: true, maxClosed: false, count: 0, adverse: 0, adverseRate: 0, woe: 0, iv: 0 });
  specials.forEach((value, s) => {
    const c = specialCounts[s] as { count: number; adverse: number };
    bins.push({
      kind: "special",
      value,
      minClosed: true,
      maxClosed: true,
      count: c.count,
      adverse: c.adverse,
      adverseRate: c.adverse / Math.max(c.count, 1e-12),
      woe: woeOf(c.count, c.adverse),
      iv: ivOf(c.count, c.adverse),
    });
  });
  bins.push({
    kind: "missing",
    minClosed: true,
    maxClosed: true,
    count: missing.count,
    adverse: missing.adverse,
    adverseRate: missing.adverse / Math.max(missing.count, 1e-12),
    woe: missing.count === 0 ? 0 : woeOf(missing.count, missing.adverse),
    iv: missing.count === 0 ? 0 : ivOf(missing.count, missing.adverse),
  });
  return { indicator, bins, iv: bins.reduce((s, b) => s + b.iv, 0), direction };
}

/**
 * The binning as the `woe` preprocessing of a logistic-regression feature.
 *
 * @param binning - From {@link binIndicator}.
 * @returns `{ kind: "woe", bins, specials, missingWoe }`.
 * @example
 * toWoePreprocess(binIndicator("penalties_12m", x, y)).bins[0] //=> { max: 0, minClosed: true, maxClosed: true, points: 0, woe: -0.21 }
 * @category Binning
 */
export function toWoePreprocess(binning: IndicatorBinning): {
  kind: "woe";
  bins: { min?: number; max?: number; minClosed: boolean; maxClosed: boolean; points: number; woe: number }[];
  specials: { value: number; woe: number }[];
  missingWoe: number;
} {
  const numeric = binning.bins.filter((b) => b.kind === "numeric");
  return {
    kind: "woe",
    bins: numeric.map((b) => ({ ...bounds(b), points: 0, woe: b.woe })),
    specials: binning.bins.filter((b) => b.kind === "special").map((b) => ({ value: b.value as number, woe: b.woe })),
    missingWoe: binning.bins.find((b) => b.kind === "missing")?.woe ?? 0,
  };
}

/**
 * The binning as a scorecard transform: points 0–100 falling linearly with WoE (the least risky
 * bin gets 100), missing values at the missing bin's points. Special values are not expressible
 * in a scorecard's bins and are refused.
 *
 * @param binning - From {@link binIndicator}.
 * @returns A `bins` transform and a `neutral` missing policy with the missing bin's points.
 * @throws {RangeError} When the binning has special-value bins.
 * @example
 * toScorecardTransform(binIndicator("penalties_12m", x, y)).transform.bins.map((b) => b.points) //=> [100, 54.2, 0]
 * @category Binning
 */
export function toScorecardTransform(binning: IndicatorBinning): {
  transform: { kind: "bins"; bins: { min?: number; max?: number; minClosed: boolean; maxClosed: boolean; points: number }[] };
  missing: { policy: "neutral"; points: number };
} {
  if (binning.bins.some((b) => b.kind === "special")) throw new RangeError(`${binning.indicator}: special values need a logistic model's woe preprocessing`);
  const woes = binning.bins.filter((b) => b.count > 0).map((b) => b.woe);
  const lo = Math.min(...woes);
  const hi = Math.max(...woes);
  const points = (woe: number): number => (hi === lo ? 100 : Math.round((10000 * (hi - woe)) / (hi - lo)) / 100);
  const missing = binning.bins.find((b) => b.kind === "missing");
  return {
    transform: { kind: "bins", bins: binning.bins.filter((b) => b.kind === "numeric").map((b) => ({ ...bounds(b), points: points(b.woe) })) },
    missing: { policy: "neutral", points: missing === undefined || missing.count === 0 ? 50 : points(missing.woe) },
  };
}

function bounds(b: IndicatorBin): { min?: number; max?: number; minClosed: boolean; maxClosed: boolean } {
  return { ...(b.min === undefined ? {} : { min: b.min }), ...(b.max === undefined ? {} : { max: b.max }), minClosed: b.minClosed, maxClosed: b.maxClosed };
}
