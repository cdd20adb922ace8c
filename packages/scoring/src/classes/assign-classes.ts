/**
 * Risk values → classes A–D, by thresholds or by target proportions. Proportions become
 * thresholds first (from the sorted risks), and a cut never splits enterprises with the same
 * risk: the tied group goes to whichever side leaves the class count closer to its target (the
 * less risky side on an exact tie). So equal scores always get equal classes, whatever the row
 * order, and the derived thresholds are reported.
 * @module
 */
import type { ClassRule } from "../model/model-schema.js";

/**
 * A class rule in risk terms: class k (A = 0 …) when risk < `bounds[k]` (or ≤ when `inclusive[k]`); D otherwise.
 * @category Classification
 */
export interface RiskCutoffs {
  readonly bounds: readonly [number, number, number];
  readonly inclusive: readonly [boolean, boolean, boolean];
}

/**
 * Converts a threshold rule to risk cut-offs: `above` / `atLeast` bound a score (higher is
 * safer, risk = −score), `below` / `atMost` bound a probability.
 *
 * @param rule - A `thresholds` class rule.
 * @returns The cut-offs.
 * @example
 * thresholdCutoffs({ method: "thresholds", A: { above: 670 }, B: { atLeast: 601 }, C: { atLeast: 555 } })
 * //=> { bounds: [-670, -601, -555], inclusive: [false, true, true] }
 * @category Classification
 */
export function thresholdCutoffs(rule: Extract<ClassRule, { method: "thresholds" }>): RiskCutoffs {
  const one = (b: Readonly<Record<string, number>>): [number, boolean] => {
    if ("above" in b) return [-(b.above as number), false];
    if ("atLeast" in b) return [-(b.atLeast as number), true];
    if ("below" in b) return [b.below as number, false];
    return [b.atMost as number, true];
  };
  const parts = [rule.A, rule.B, rule.C].map((b) => one(b as Readonly<Record<string, number>>));
  return { bounds: parts.map((p) => p[0]) as [number, number, number], inclusive: parts.map((p) => p[1]) as [boolean, boolean, boolean] };
}

/**
 * Derives cut-offs meeting target proportions as closely as possible without splitting ties.
 *
 * @param risk - Risk per row (higher is riskier), no NaN.
 * @param proportions - Shares of A, B, C, D (rescaled to sum to 1).
 * @param rows - The rows to consider; all when absent.
 * @returns Inclusive cut-offs: class k when risk ≤ `bounds[k]`.
 * @example
 * proportionCutoffs(new Float64Array([1, 2, 3, 4]), [0.5, 0.25, 0.25, 0]) //=> { bounds: [2, 3, 4], inclusive: [true, true, true] }
 * @category Classification
 */
export function proportionCutoffs(risk: Float64Array, proportions: readonly [number, number, number, number], rows?: Int32Array): RiskCutoffs {
  const n = rows === undefined ? risk.length : rows.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = risk[rows === undefined ? i : (rows[i] as number)] as number;
  sorted.sort();
  const total = proportions[0] + proportions[1] + proportions[2] + proportions[3];
  let cumulative = 0;
  const bounds: number[] = [];
  for (let c = 0; c < 3; c++) {
    cumulative += (proportions[c] as number) / total;
    const target = Math.round(cumulative * n);
    bounds.push(boundAt(sorted, target));
  }
  return { bounds: bounds as [number, number, number], inclusive: [true, true, true] };
}

/** The largest risk of the first `target` rows, moved to the nearer end of a tied group. */
function boundAt(sorted: Float64Array, target: number): number {
  const n = sorted.length;
  if (target <= 0 || n === 0) return Number.NEGATIVE_INFINITY;
  if (target >= n) return Number.POSITIVE_INFINITY;
  const v = sorted[target - 1] as number;
  if (sorted[target] !== v) return v;
  let lo = target - 1;
  while (lo > 0 && sorted[lo - 1] === v) lo--;
  let hi = target;
  while (hi < n && sorted[hi] === v) hi++;
  // Cut at lo (the group goes riskier) or at hi (it stays in the safer class).
  return target - lo < hi - target ? (lo === 0 ? Number.NEGATIVE_INFINITY : (sorted[lo - 1] as number)) : v;
}

/**
 * Assigns classes (0–3 for A–D) by cut-offs.
 *
 * @param risk - Risk per row.
 * @param cutoffs - From {@link thresholdCutoffs} or {@link proportionCutoffs}.
 * @param out - Class per row, written for `rows` (or all rows).
 * @param rows - Rows to assign; all when absent.
 * @returns `out`.
 * @example
 * assignClasses(new Float64Array([0.01, 0.5]), { bounds: [0.05, 0.15, 0.4], inclusive: [false, false, false] }, new Uint8Array(2)) //=> Uint8Array [0, 3]
 * @category Classification
 */
export function assignClasses(risk: Float64Array, cutoffs: RiskCutoffs, out: Uint8Array, rows?: Int32Array): Uint8Array {
  const [b0, b1, b2] = cutoffs.bounds;
  const [i0, i1, i2] = cutoffs.inclusive;
  const n = rows === undefined ? risk.length : rows.length;
  for (let i = 0; i < n; i++) {
    const r = rows === undefined ? i : (rows[i] as number);
    const v = risk[r] as number;
    out[r] = (i0 ? v <= b0 : v < b0) ? 0 : (i1 ? v <= b1 : v < b1) ? 1 : (i2 ? v <= b2 : v < b2) ? 2 : 3;
  }
  return out;
}

/**
 * The cut-offs of a model's class rule for the given risks.
 *
 * @param rule - The model's rule.
 * @param risk - Risk per row (used by proportions).
 * @param rows - Rows of this model.
 * @returns The cut-offs.
 * @example
 * classCutoffs({ method: "proportions", A: 0.5, B: 0.5, C: 0, D: 0 }, new Float64Array([-3, -1])).bounds //=> [-3, Infinity, Infinity]
 * @category Classification
 */
export function classCutoffs(rule: ClassRule, risk: Float64Array, rows?: Int32Array): RiskCutoffs {
  if (rule.method === "proportions") return proportionCutoffs(risk, [rule.A, rule.B, rule.C, rule.D], rows);
  return thresholdCutoffs(rule);
}
