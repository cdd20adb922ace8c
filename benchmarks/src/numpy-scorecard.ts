/**
 * A weighted scorecard as the numpy reference scores it (`benchmarks/python/reference.py score`):
 * per indicator the bin edges and points (looked up with `np.searchsorted`) or the curve's knots
 * (`np.interp`), the points of a missing value, the weights and the published scale folded into
 * the points and one offset, and the class cut-offs — the same numbers our compiled loop uses
 * (`packages/scoring/src/engine/compile-model.ts`), so both give the same scores.
 * @module
 */
import type { MissingPolicy, Model, Transform } from "@creditclass/scoring";

type Scorecard = Extract<Model, { kind: "creditclass.scorecard" }>;

/** One indicator of the numpy spec, in the order of the columns written. */
export type NumpyIndicator =
  | { readonly edges: number[]; readonly points: number[]; readonly side: "left" | "right"; readonly missing: number }
  | { readonly xs: number[]; readonly ys: number[]; readonly missing: number };

/** What `reference.py score` reads from `spec.json`. */
export interface NumpyScorecard {
  readonly n: number;
  readonly offset: number;
  readonly indicators: NumpyIndicator[];
  readonly cutoffs: number[];
  /** The indicator of each entry of `indicators`: the order of the columns in `x.f64`. */
  readonly names: string[];
}

/**
 * The numpy spec of a weighted scorecard with bins and piecewise transforms, a linear published
 * scale and threshold classes.
 *
 * @param card - The scorecard.
 * @param n - Rows (recorded for the script).
 * @returns The spec.
 * @throws {Error} For what the reference does not do: other transforms, combine rules, class methods, a missing scale.
 * @example
 * const spec = numpyScorecard(card, 1_000_000);
 * spec.cutoffs //=> [700, 790, 880]
 */
export function numpyScorecard(card: Scorecard, n: number): NumpyScorecard {
  if (card.combine !== "weighted" || card.scale === undefined || card.classes.method !== "thresholds")
    throw new Error("the numpy reference scores weighted scorecards with a scale and threshold classes");
  const families = Object.values(card.families).filter((f) => f !== undefined);
  const familyTotal = families.reduce((s, f) => s + f.weight, 0);
  const terms = families.flatMap((f) => {
    const indicatorTotal = f.indicators.reduce((s, i) => s + i.weight, 0);
    return f.indicators.map((i) => ({
      name: i.indicator,
      weight: card.normalise ? (f.weight / familyTotal) * (i.weight / indicatorTotal) : f.weight * i.weight,
      transform: i.transform,
      missing: i.missing,
    }));
  });
  let lo = card.basePoints;
  let hi = card.basePoints;
  for (const t of terms) {
    const [a, b] = range(t.transform);
    lo += t.weight * Math.min(a, b);
    hi += t.weight * Math.max(a, b);
  }
  const factor = (card.scale.max - card.scale.min) / (hi - lo);
  const indicators = terms.map(({ weight, transform, missing }): NumpyIndicator => {
    const k = weight * factor;
    const absent = k * missingPoints(missing, transform);
    if (transform.kind === "piecewise") return { xs: transform.knots.map(([x]) => x), ys: transform.knots.map(([, y]) => k * y), missing: absent };
    if (transform.kind !== "bins") throw new Error(`the numpy reference has no ${transform.kind} transform`);
    const closed = transform.bins[0]?.maxClosed ?? false;
    if (transform.bins.some((b, j) => j < transform.bins.length - 1 && b.maxClosed !== closed))
      throw new Error("the numpy reference needs the bins of an indicator closed on the same side");
    return {
      edges: transform.bins.slice(0, -1).map((b) => b.max ?? Number.POSITIVE_INFINITY),
      points: transform.bins.map((b) => k * b.points),
      side: closed ? "left" : "right",
      missing: absent,
    };
  });
  const cutoffs = [card.classes.C, card.classes.B, card.classes.A].map((t) => {
    if (!("atLeast" in t)) throw new Error("the numpy reference takes cut-offs a score must reach (atLeast)");
    return t.atLeast;
  });
  return {
    n,
    offset: card.scale.min + (card.basePoints - lo) * factor,
    indicators,
    cutoffs,
    names: terms.map((t) => t.name),
  };
}

/** Attainable points of a bins or piecewise transform. */
function range(t: Transform): [number, number] {
  const points = t.kind === "bins" ? t.bins.map((b) => b.points) : t.kind === "piecewise" ? t.knots.map(([, y]) => y) : [];
  if (points.length === 0) throw new Error(`the numpy reference has no ${t.kind} transform`);
  return [Math.min(...points), Math.max(...points)];
}

/** The points of a missing value under a policy (as the compiled model settles them). */
function missingPoints(policy: MissingPolicy, t: Transform): number {
  const [lo, hi] = range(t);
  if (policy.policy === "impute") return pointsOf(t, policy.value);
  if (policy.policy === "neutral" && policy.points !== undefined) return policy.points;
  return policy.policy === "worst" ? lo : (lo + hi) / 2;
}

/** The points of one value. */
function pointsOf(t: Transform, v: number): number {
  if (t.kind === "bins") {
    const bin = t.bins.find(
      (b) => (b.max === undefined || v < b.max || (v === b.max && b.maxClosed)) && (b.min === undefined || v > b.min || (v === b.min && b.minClosed)),
    );
    return bin?.points ?? Number.NaN;
  }
  if (t.kind !== "piecewise") return Number.NaN;
  const k = t.knots;
  const first = k[0] as [number, number];
  const last = k[k.length - 1] as [number, number];
  if (v <= first[0]) return first[1];
  if (v >= last[0]) return last[1];
  const j = k.findIndex(([x]) => v <= x);
  const [x0, y0] = k[j - 1] as [number, number];
  const [x1, y1] = k[j] as [number, number];
  return y0 + ((v - x0) / (x1 - x0)) * (y1 - y0);
}
